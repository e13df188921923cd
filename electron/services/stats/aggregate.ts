// One pass over a session's facts, each tallied once into its category's scope (tallies.ts), the session's
// scope then merged from the categories. Everything after this pass works on the tallies: the intervals, tests,
// the Bradley-Terry fit and its bootstrap on counts, whose cost does not grow with the number of votes; only the
// latency distributions read every value again (in linear time, by selection).
import type { Side } from '../../shared/sessions';
import type { FactTimings, StatsFact } from './stats-input';
import { mergeScopes, newScope, pairTally, type ModelTally, type PairTally, type ScopeTally } from './tallies';

export interface SessionTally {
  overall: ScopeTally;
  /** In order of first appearance. */
  categories: ScopeTally[];
  votes: number;
  leftWins: number;
  rightWins: number;
  /** The facts that repeat another (consistency.ts pairs them up). */
  repeats: StatsFact[];
}

function isValue(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

// Spelled out metric by metric: named property loads stay monomorphic, where a loop over LATENCY_METRICS made
// six keyed loads per fact and measurably slowed the pass over 100,000 facts.
function addTimings(model: ModelTally, timings: FactTimings | null): void {
  if (timings === null) return;
  const { latency } = model;
  if (isValue(timings.ttftMs)) latency.ttftMs.push(timings.ttftMs);
  if (isValue(timings.decodeTokensPerS)) latency.decodeTokensPerS.push(timings.decodeTokensPerS);
  if (isValue(timings.e2eMs)) latency.e2eMs.push(timings.e2eMs);
}

/** Scores and completeness of a voted fact, per model and as a − b for its pair. */
function addScores(scope: ScopeTally, fact: StatsFact, pair: PairTally, dimensions: readonly string[]): void {
  const aSide: Side = fact.left === pair.a ? 'left' : 'right';
  const bSide: Side = aSide === 'left' ? 'right' : 'left';
  const aModel = scope.models[pair.a]!;
  const bModel = scope.models[pair.b]!;
  if (fact.scores !== null) {
    const aScores = fact.scores[aSide];
    const bScores = fact.scores[bSide];
    for (let d = 0; d < dimensions.length; d++) {
      const aScore = aScores[dimensions[d]!];
      const bScore = bScores[dimensions[d]!];
      if (isValue(aScore)) aModel.scores[d]!.add(aScore);
      if (isValue(bScore)) bModel.scores[d]!.add(bScore);
      if (isValue(aScore) && isValue(bScore)) pair.scoreDifference[d]!.add(aScore - bScore);
    }
  }
  if (fact.completeness !== null) {
    const aShare = fact.completeness[aSide];
    const bShare = fact.completeness[bSide];
    if (isValue(aShare)) aModel.completeness.add(aShare);
    if (isValue(bShare)) bModel.completeness.add(bShare);
    if (isValue(aShare) && isValue(bShare)) pair.completenessDifference.add(aShare - bShare);
  }
}

function addFact(scope: ScopeTally, fact: StatsFact, dimensions: readonly string[]): void {
  const left = scope.models[fact.left]!;
  const right = scope.models[fact.right]!;
  left.seen = right.seen = true;
  const pair = pairTally(scope, fact.left, fact.right, dimensions.length);
  addTimings(left, fact.timings.left);
  addTimings(right, fact.timings.right);
  // A hidden repeat judges a prompt already judged: counted again it would count that prompt twice (and break the
  // independence the sign test and the fit assume). It measures the rater (consistency.ts), and its answers' times
  // are real requests, kept above.
  if (fact.verdict === null || fact.repeatOf !== null) return;
  scope.votes += 1;
  left.votes += 1;
  right.votes += 1;
  pair.votes += 1;
  if (fact.verdict === 'tie' || fact.verdict === 'both-bad') {
    const field = fact.verdict === 'tie' ? 'ties' : 'bothBad';
    left[field] += 1;
    right[field] += 1;
    pair[field] += 1;
  } else {
    const leftWon = fact.verdict === 'left';
    (leftWon ? left : right).wins += 1;
    (leftWon ? right : left).losses += 1;
    if ((leftWon ? fact.left : fact.right) === pair.a) pair.aWins += 1;
    else pair.bWins += 1;
  }
  addScores(scope, fact, pair, dimensions);
}

function isModel(m: number, models: number): boolean {
  return Number.isInteger(m) && m >= 0 && m < models;
}

function checkModels(fact: StatsFact, models: number): void {
  if (!isModel(fact.left, models) || !isModel(fact.right, models) || fact.left === fact.right) {
    throw new RangeError(`comparison ${fact.comparisonId}: models ${fact.left} and ${fact.right} are not two of the session's ${models}`);
  }
}

/** Tallies every fact once, into its category's scope; the session's scope is their merge. */
export function tallyFacts(facts: readonly StatsFact[], models: number, dimensions: readonly string[]): SessionTally {
  const byCategory = new Map<string, ScopeTally>();
  const categories: ScopeTally[] = [];
  let votes = 0;
  let leftWins = 0;
  let rightWins = 0;
  const repeats: StatsFact[] = [];
  for (const fact of facts) {
    checkModels(fact, models);
    let scope = byCategory.get(fact.category);
    if (scope === undefined) {
      scope = newScope(fact.category, models, dimensions.length);
      byCategory.set(fact.category, scope);
      categories.push(scope);
    }
    addFact(scope, fact, dimensions);
    if (fact.repeatOf !== null) repeats.push(fact);
    if (fact.verdict === null) continue;
    votes += 1;
    if (fact.repeatOf !== null) continue;
    if (fact.verdict === 'left') leftWins += 1;
    else if (fact.verdict === 'right') rightWins += 1;
  }
  const overall = mergeScopes('', categories, models, dimensions.length);
  return { overall, categories, votes, leftWins, rightWins, repeats };
}
