// Words and numbers of the Stats view. Every estimate is shown with its n: no figure without how many votes it
// rests on.
import type { Distribution, Interval, LatencyMetric, MeanEstimate, RateEstimate } from '../../../../electron/shared/stats';
import { formatMs, formatRate, groupThousands } from '../compare/timing-format';

export const NONE = '–';

/** 0.6667 → "66.7%". */
export function formatPercent(rate: number | null): string {
  return rate === null ? NONE : `${(rate * 100).toFixed(1)}%`;
}

export function formatPercentInterval(ci: Interval | null): string {
  return ci ? `${(ci.low * 100).toFixed(1)}–${(ci.high * 100).toFixed(1)}%` : NONE;
}

/** "66.7% (95% CI 35.0–87.0%, n = 9)"; with no n, says so. */
export function formatRateEstimate(estimate: RateEstimate): string {
  if (estimate.n === 0 || estimate.rate === null) return 'no votes to rate (n = 0)';
  return `${formatPercent(estimate.rate)} (95% CI ${formatPercentInterval(estimate.ci)}, n = ${groupThousands(estimate.n)})`;
}

/** The exact sign test's p, as a paper would print it. */
export function formatP(p: number | null): string {
  if (p === null) return 'no decided votes yet';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** Two decimals with a true minus sign, and no "-0.00" for a difference that rounds to nothing. */
export function formatSigned(value: number): string {
  const text = value.toFixed(2);
  return Number(text) === 0 ? (0).toFixed(2) : text.replace('-', '−');
}

/** "3.50 (3.10–4.20)" or "3.50" below two values; NONE with none. */
export function formatMean(estimate: MeanEstimate, format: (value: number) => string = formatSigned): string {
  if (estimate.mean === null) return NONE;
  const ci = estimate.ci ? ` (${format(estimate.ci.low)}–${format(estimate.ci.high)})` : '';
  return `${format(estimate.mean)}${ci}`;
}

export function latencyFormatter(metric: LatencyMetric): (value: number) => string {
  return metric === 'decodeTokensPerS' ? formatRate : formatMs;
}

export function formatDistributionValue(d: Distribution, key: 'median' | 'p90', metric: LatencyMetric): string {
  const value = d[key];
  return value === null ? NONE : latencyFormatter(metric)(value);
}

export function formatCount(n: number, one: string, many: string): string {
  return `${groupThousands(n)} ${n === 1 ? one : many}`;
}

/** What the pair's "more votes" figure means, or null when there is nothing to add (already distinguishable). */
export function moreVotesSentence(moreVotesNeeded: number | null, decided: number): string | null {
  if (decided === 0) return 'No decided vote yet: a tie or "both bad" does not tell the two apart.';
  if (moreVotesNeeded === 0) return null;
  if (moreVotesNeeded === null) return 'At exactly 50% no number of further votes would tell them apart.';
  return `About ${formatCount(moreVotesNeeded, 'more vote', 'more votes')} to tell them apart, if the current rate holds.`;
}
