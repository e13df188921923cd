// What one model did within a scope: its vote counts and decided win rate, latency distributions over every
// answer it completed, and its mean scores and completeness.
import { LATENCY_METRICS, type Distribution, type LatencyMetric, type MeanEstimate, type ModelMetrics } from '../../shared/stats';
import type { ModelTally } from './tallies';
import { describeInPlace } from './distribution';
import { meanEstimate } from './mean-interval';
import { rateEstimate } from './wilson';

/** A model's metrics from its tally (whose latency buffers this reorders: each is read once, here). */
export function modelMetrics(model: number, tally: ModelTally, dimensions: readonly string[]): ModelMetrics {
  const latency = {} as Record<LatencyMetric, Distribution>;
  for (const metric of LATENCY_METRICS) latency[metric] = describeInPlace(tally.latency[metric].values());
  const scores: Record<string, MeanEstimate> = {};
  dimensions.forEach((dimension, d) => (scores[dimension] = meanEstimate(tally.scores[d]!)));
  return {
    model,
    votes: tally.votes,
    wins: tally.wins,
    losses: tally.losses,
    ties: tally.ties,
    bothBad: tally.bothBad,
    winRate: rateEstimate(tally.wins, tally.wins + tally.losses),
    latency,
    scores,
    completeness: meanEstimate(tally.completeness),
  };
}
