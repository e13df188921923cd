// A session's statistics (design §7) from its facts: one pass to tally them (aggregate.ts), then every estimate
// from the tallies. Pure and synchronous; 100,000 facts take well under a quarter of a second.
import type { BradleyTerry, CategoryStats, ModelMetrics, PairStats, SessionStats } from '../../shared/stats';
import { tallyFacts } from './aggregate';
import { BOOTSTRAP_RESAMPLES, rateModels } from './bootstrap';
import type { BtCounts } from './bradley-terry';
import { raterConsistency } from './consistency';
import { modelMetrics } from './model-metrics';
import { pairStats } from './pair-stats';
import { positionBias } from './position-bias';
import { pairsOf, type ScopeTally } from './tallies';
import type { StatsInput } from './stats-input';
import { rankingText } from './verdict-text';

/** How the empty category is shown. */
export const UNCATEGORISED = 'uncategorised';

/** Bradley-Terry needs three models: with two, the pair's own win rate says it all. */
export const BRADLEY_TERRY_MIN_MODELS = 3;

function scopeStats(scope: ScopeTally, input: StatsInput, everyModel: boolean): { models: ModelMetrics[]; pairs: PairStats[] } {
  const models: ModelMetrics[] = [];
  scope.models.forEach((tally, model) => {
    if (everyModel || tally.seen) models.push(modelMetrics(model, tally, input.dimensions));
  });
  const pairs = pairsOf(scope).map((pair) => pairStats(pair, input.models, input.dimensions));
  return { models, pairs };
}

function bradleyTerry(scope: ScopeTally, input: StatsInput): BradleyTerry {
  const counts: BtCounts[] = pairsOf(scope).map((p) => ({ a: p.a, b: p.b, aWins: p.aWins, bWins: p.bWins, noWinner: p.ties + p.bothBad }));
  const ratings = rateModels(counts, input.models.length, input.seed, BOOTSTRAP_RESAMPLES);
  return { ratings, resamples: BOOTSTRAP_RESAMPLES, seed: input.seed, votes: scope.votes };
}

function sessionVerdict(pairs: readonly PairStats[], bt: BradleyTerry | null, names: readonly string[]): string {
  if (bt !== null) return rankingText(bt, names);
  return pairs[0]?.verdict.text ?? 'No votes yet';
}

export function computeSessionStats(input: StatsInput): SessionStats {
  const tally = tallyFacts(input.facts, input.models.length, input.dimensions);
  const overall = scopeStats(tally.overall, input, true);
  // Categories list only the models that appeared in them (overall lists every session model).
  const categories: CategoryStats[] = tally.categories.map((scope) => ({
    category: scope.category === '' ? UNCATEGORISED : scope.category,
    votes: scope.votes,
    ...scopeStats(scope, input, false),
  }));
  const bt = input.models.length >= BRADLEY_TERRY_MIN_MODELS ? bradleyTerry(tally.overall, input) : null;
  return {
    sessionId: input.sessionId,
    models: [...input.models],
    dimensions: [...input.dimensions],
    comparisons: input.comparisons,
    votes: tally.votes,
    overall,
    categories,
    position: positionBias(tally.leftWins, tally.rightWins),
    consistency: raterConsistency(input.facts, tally.repeats),
    bradleyTerry: bt,
    verdict: sessionVerdict(overall.pairs, bt, input.models),
    at: input.at,
  };
}
