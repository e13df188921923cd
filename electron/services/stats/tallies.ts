// The counts the statistics are computed from: per scope (the whole session, or one category), per model and
// per pair of models. aggregate.ts fills each category's in one pass over the facts; the session's scope is the
// categories' merged (sums, merged mean accumulators, concatenated latencies), so each fact is tallied once.
import { LATENCY_METRICS, type LatencyMetric } from '../../shared/stats';
import { MeanAccumulator } from './mean-interval';
import { ValueBuffer } from './value-buffer';

export interface ModelTally {
  /** Did the model appear in this scope at all (voted or not)? */
  seen: boolean;
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  bothBad: number;
  latency: Record<LatencyMetric, ValueBuffer>;
  /** By dimension index. */
  scores: MeanAccumulator[];
  completeness: MeanAccumulator;
}

/** A pair's tallies seen from `a`, the lower model index. */
export interface PairTally {
  a: number;
  b: number;
  votes: number;
  aWins: number;
  bWins: number;
  ties: number;
  bothBad: number;
  /** By dimension index: a's score − b's, where both were scored. */
  scoreDifference: MeanAccumulator[];
  completenessDifference: MeanAccumulator;
}

export interface ScopeTally {
  category: string;
  votes: number;
  models: ModelTally[];
  /** By a·K + b (a < b); undefined until the two meet. */
  pairs: (PairTally | undefined)[];
}

const COUNTS = ['votes', 'wins', 'losses', 'ties', 'bothBad'] as const;
const PAIR_COUNTS = ['votes', 'aWins', 'bWins', 'ties', 'bothBad'] as const;

function accumulators(n: number): MeanAccumulator[] {
  return Array.from({ length: n }, () => new MeanAccumulator());
}

function newModelTally(dimensions: number, latency?: Record<LatencyMetric, ValueBuffer>): ModelTally {
  if (latency === undefined) {
    latency = {} as Record<LatencyMetric, ValueBuffer>;
    for (const metric of LATENCY_METRICS) latency[metric] = new ValueBuffer();
  }
  return { seen: false, votes: 0, wins: 0, losses: 0, ties: 0, bothBad: 0, latency, scores: accumulators(dimensions), completeness: new MeanAccumulator() };
}

export function newScope(category: string, models: number, dimensions: number): ScopeTally {
  const modelTallies = Array.from({ length: models }, () => newModelTally(dimensions));
  return { category, votes: 0, models: modelTallies, pairs: new Array<PairTally | undefined>(models * models) };
}

/** The tally of the pair of models x and y (either order), created on first meeting. */
export function pairTally(scope: ScopeTally, x: number, y: number, dimensions: number): PairTally {
  const a = Math.min(x, y);
  const b = Math.max(x, y);
  const key = a * scope.models.length + b;
  let pair = scope.pairs[key];
  if (pair === undefined) {
    pair = { a, b, votes: 0, aWins: 0, bWins: 0, ties: 0, bothBad: 0, scoreDifference: accumulators(dimensions), completenessDifference: new MeanAccumulator() };
    scope.pairs[key] = pair;
  }
  return pair;
}

function mergeModel(into: ModelTally, from: ModelTally): void {
  into.seen ||= from.seen;
  for (const count of COUNTS) into[count] += from[count];
  into.scores.forEach((acc, d) => acc.merge(from.scores[d]!));
  into.completeness.merge(from.completeness);
}

function mergePair(into: PairTally, from: PairTally): void {
  for (const count of PAIR_COUNTS) into[count] += from[count];
  into.scoreDifference.forEach((acc, d) => acc.merge(from.scoreDifference[d]!));
  into.completenessDifference.merge(from.completenessDifference);
}

/** One scope holding everything of the given ones (their own tallies are left as they are). */
export function mergeScopes(category: string, scopes: readonly ScopeTally[], models: number, dimensions: number): ScopeTally {
  const merged: ScopeTally = {
    category,
    votes: scopes.reduce((sum, s) => sum + s.votes, 0),
    models: Array.from({ length: models }, (_, m) => {
      const latency = {} as Record<LatencyMetric, ValueBuffer>;
      for (const metric of LATENCY_METRICS) latency[metric] = ValueBuffer.concat(scopes.map((s) => s.models[m]!.latency[metric]));
      return newModelTally(dimensions, latency);
    }),
    pairs: new Array<PairTally | undefined>(models * models),
  };
  for (const scope of scopes) {
    scope.models.forEach((tally, m) => mergeModel(merged.models[m]!, tally));
    for (const pair of pairsOf(scope)) mergePair(pairTally(merged, pair.a, pair.b, dimensions), pair);
  }
  return merged;
}

/** A scope's pairs that met, in order of (a, b). */
export function pairsOf(scope: ScopeTally): PairTally[] {
  return scope.pairs.filter((pair): pair is PairTally => pair !== undefined);
}
