// Bootstrap intervals for the Bradley-Terry ratings, as FastChat's get_bootstrap_result draws them: resample
// the votes with replacement, refit, take the 2.5% and 97.5% quantiles of each model's ratings. Resampling N
// votes with replacement is, on the aggregated counts, one multinomial draw of N over the (pair × outcome)
// cells with the observed shares; it is drawn exactly, as a chain of conditional binomials (cell i gets
// Binomial(votes left, its share of what is left)), so no resample touches a single vote.
import type { BradleyTerryRating } from '../../shared/stats';
import { sampleBinomial } from './binomial-sampler';
import { eloRatings, fitBradleyTerry, type BtCounts } from './bradley-terry';
import { sortedQuantile } from './quantile';
import { seededUniform, type Uniform } from '../random/seeded-uniform';

export const BOOTSTRAP_RESAMPLES = 1000;

/** One multinomial resample of the pairs' counts: as many votes, each drawn from the observed ones. */
export function resampleCounts(pairs: readonly BtCounts[], uniform: Uniform): BtCounts[] {
  let total = 0;
  for (const p of pairs) total += p.aWins + p.bWins + p.noWinner;
  let votesLeft = total;
  let massLeft = total;
  const draw = (count: number): number => {
    if (count === 0 || votesLeft === 0) return 0;
    const x = count >= massLeft ? votesLeft : sampleBinomial(votesLeft, count / massLeft, uniform);
    votesLeft -= x;
    massLeft -= count;
    return x;
  };
  return pairs.map((p) => ({ a: p.a, b: p.b, aWins: draw(p.aWins), bWins: draw(p.bWins), noWinner: draw(p.noWinner) }));
}

/**
 * Each model's Elo rating in every resample (ratings[model][resample]), each resample fitted from the full
 * data's log strengths `theta` (a warm start: a few Newton steps each).
 */
export function bootstrapRatings(pairs: readonly BtCounts[], theta: Float64Array, seed: number, resamples = BOOTSTRAP_RESAMPLES): Float64Array[] {
  const models = theta.length;
  const uniform = seededUniform(seed);
  const ratings = Array.from({ length: models }, () => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    const fitted = eloRatings(fitBradleyTerry(models, resampleCounts(pairs, uniform), theta));
    for (let m = 0; m < models; m++) ratings[m]![r] = fitted[m]!;
  }
  return ratings;
}

/**
 * The ratings with their 95% bootstrap intervals and ranks: 1 + the number of models whose whole interval lies
 * above this one's (models whose intervals overlap share a rank, as FastChat's leaderboard ranks them).
 */
export function rateModels(pairs: readonly BtCounts[], models: number, seed: number, resamples = BOOTSTRAP_RESAMPLES): BradleyTerryRating[] {
  const theta = fitBradleyTerry(models, pairs);
  const point = eloRatings(theta);
  const samples = bootstrapRatings(pairs, theta, seed, resamples);
  const intervals = samples.map((s) => {
    const sorted = s.slice().sort();
    return { low: sortedQuantile(sorted, 0.025), high: sortedQuantile(sorted, 0.975) };
  });
  return point.map((rating, model) => ({
    model,
    rating,
    ci: intervals[model]!,
    rank: 1 + intervals.filter((other) => other.low > intervals[model]!.high).length,
  }));
}
