// Proportions with their Wilson score 95% interval (Wilson 1927; Newcombe 1998's method 3): unlike the simple
// p ± z·√(p(1−p)/n) it stays inside [0, 1], is not empty at 0 or n, and keeps close to its nominal coverage at
// the small n a rating session starts with. It is the set of p₀ that the score test does not reject, which is
// what votes-needed.ts solves in closed form.
import type { Interval, RateEstimate } from '../../shared/stats';

/** The standard normal's 97.5% quantile: a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** The Wilson interval of k successes in n > 0 trials (k and n may be fractional: votes-needed.ts projects). */
export function wilsonInterval(k: number, n: number, z = Z95): Interval {
  const p = k / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  // At k = 0 (k = n) the bound is 0 (1) on paper; rounding would leave it a hair off.
  return { low: k <= 0 ? 0 : Math.max(0, centre - half), high: k >= n ? 1 : Math.min(1, centre + half) };
}

export function rateEstimate(k: number, n: number): RateEstimate {
  if (n <= 0) return { k, n, rate: null, ci: null };
  return { k, n, rate: k / n, ci: wilsonInterval(k, n) };
}

/** Does the interval leave out ½ (an even split) strictly? */
export function excludesHalf(ci: Interval): boolean {
  return ci.low > 0.5 || ci.high < 0.5;
}
