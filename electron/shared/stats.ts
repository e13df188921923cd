// A session's statistics (design §7, issue 10), as the Stats view, the report and the stats CSV receive them.
// Pure types (the renderer imports this file for types only); the services compute them in services/stats/.
// Every estimate carries its n, so no figure is shown without how many votes it rests on.
import { z } from 'zod';
import { sessionIdSchema } from './sessions';

export const sessionStatsRequestSchema = z.object({ sessionId: sessionIdSchema }).strict();

/** A 95% interval. */
export interface Interval {
  low: number;
  high: number;
}

/** A proportion k / n with its Wilson 95% interval; rate and ci are null when n is 0. */
export interface RateEstimate {
  k: number;
  n: number;
  rate: number | null;
  ci: Interval | null;
}

/** A mean with its 95% interval (Student t); ci is null below two values. */
export interface MeanEstimate {
  n: number;
  mean: number | null;
  sd: number | null;
  ci: Interval | null;
}

/**
 * A latency distribution, as a box plot draws it (Tukey: whiskers at the furthest values within 1.5 IQR) and as
 * the study reported it (the mean, here with its interval). Every field is null when n is 0.
 */
export interface Distribution {
  n: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  p90: number | null;
  max: number | null;
  whiskerLow: number | null;
  whiskerHigh: number | null;
  /** At most MAX_OUTLIERS of the values beyond the whiskers, the most extreme first. */
  outliers: number[];
  mean: MeanEstimate;
}

export { LATENCY_METRICS, MAX_OUTLIERS, type LatencyMetric } from './stats-values';
import type { LatencyMetric } from './stats-values';

/** What one model (a session model: a profile, or one variant of it) did, overall or in one category. */
export interface ModelMetrics {
  model: number;
  /** The votes it took part in. */
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  bothBad: number;
  /** Its wins among its decided votes (against any other model). */
  winRate: RateEstimate;
  /** Over every answer it completed (voted or not). */
  latency: Record<LatencyMetric, Distribution>;
  /** Per session dimension, the mean of its scores (0–5). */
  scores: Record<string, MeanEstimate>;
  /** The share of key points ticked for its answers (0–1), where the prompt had key points. */
  completeness: MeanEstimate;
}

export type PairVerdictKind = 'a-better' | 'b-better' | 'indistinguishable' | 'no-votes';

/** Two models head to head; `a` is the lower model index. */
export interface PairStats {
  a: number;
  b: number;
  votes: number;
  aWins: number;
  bWins: number;
  ties: number;
  bothBad: number;
  /** a's wins among decided votes (a or b won). */
  aWinRate: RateEstimate;
  /** Exact two-sided sign test of aWins against bWins; null with no decided vote. */
  signTestP: number | null;
  tieRate: RateEstimate;
  bothBadRate: RateEstimate;
  /**
   * About how many more votes (of every kind, at the current share of decided ones) until the Wilson interval
   * excludes 50%, if the current rate holds; 0 when it already does; null when no number of votes would (a rate
   * of exactly 50%, or no decided vote yet).
   */
  moreVotesNeeded: number | null;
  verdict: { kind: PairVerdictKind; text: string };
  /** Per dimension: the mean of (a's score − b's score) over the votes that scored both. */
  scoreDifference: Record<string, MeanEstimate>;
  completenessDifference: MeanEstimate;
}

/** Does the left side win more often than the right, whichever model is there? */
export interface PositionBias {
  leftWins: number;
  rightWins: number;
  /** The left side's wins among decided votes. */
  leftWinRate: RateEstimate;
  signTestP: number | null;
}

/**
 * Hidden repeats: the same prompt shown again later with the sides swapped. Consistent: the same model preferred
 * (or a tie, or both bad, both times). Same side: the same side preferred both times, which with swapped sides
 * means a different model: the rater's own position bias.
 */
export interface RaterConsistency {
  /** Repeats whose original and repeat are both voted. */
  pairs: number;
  consistent: RateEstimate;
  sameSide: RateEstimate;
}

export interface BradleyTerryRating {
  model: number;
  /** Elo scale: 400 per factor of 10 in the odds, the mean model anchored at 1000 (FastChat's elo_analysis). */
  rating: number;
  ci: Interval;
  /** 1 + the number of models whose interval lies entirely above this one's. */
  rank: number;
}

export interface BradleyTerry {
  ratings: BradleyTerryRating[];
  resamples: number;
  seed: number;
  /** Votes that entered the fit (ties and both bad count as half a win to each). */
  votes: number;
}

export interface CategoryStats {
  category: string;
  votes: number;
  models: ModelMetrics[];
  pairs: PairStats[];
}

export interface SessionStats {
  sessionId: string;
  /** Session model names, by model index (the stats exist only outside a blind turn: History and Stats). */
  models: string[];
  dimensions: string[];
  comparisons: number;
  votes: number;
  overall: { models: ModelMetrics[]; pairs: PairStats[] };
  /** Per category (the vote's, else the prompt's), in order of first use; the empty category is "uncategorised". */
  categories: CategoryStats[];
  position: PositionBias;
  consistency: RaterConsistency;
  /** With three or more models; null with two. */
  bradleyTerry: BradleyTerry | null;
  /** One sentence on the whole session (the first pair's verdict, or the Bradley-Terry ranking). */
  verdict: string;
  /** When these were computed (ISO 8601). */
  at: string;
}
