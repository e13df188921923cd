// Student's t distribution: its distribution function through the regularized incomplete beta function, and its
// quantile by safeguarded Newton steps on that. Written here rather than taken from npm: the maintained library
// that has it (@stdlib's t-quantile) brings 232 packages, and a mean's interval needs only this page.
import { stirlingError } from './stirling';

// Lanczos approximation (g = 7, 9 terms): relative error near 1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * log Γ(x) − log Γ(x + h), h > 0: for large x by Stirling's series, arranged so the two large logarithms never
 * meet (at df = 10⁶ they are about 6·10⁶ each and would leave only ten good digits of the t tail).
 */
function logGammaDifference(x: number, h: number): number {
  if (x <= 15) return logGamma(x) - logGamma(x + h);
  return -(x - 0.5) * Math.log1p(h / x) - h * Math.log(x + h) + h + stirlingError(x) - stirlingError(x + h);
}

function logBeta(a: number, b: number): number {
  return a >= b ? logGamma(b) + logGammaDifference(a, b) : logGamma(a) + logGammaDifference(b, a);
}

/** The continued fraction of I_x(a, b), by the modified Lentz method (Numerical Recipes' betacf). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  // Converges in O(√max(a, b)) steps where it is used (x below the mean): ~300 at a = 50,000.
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * P(T > t) for t ≥ 0, T ~ t(df), accurate to the last digits both in the tail (½·I_x(df/2, ½), x = df/(df + t²),
 * where 1 − P(T ≤ t) would cancel) and near the centre (½ − ½·I_{1−x}(½, df/2), with 1 − x formed directly).
 */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  if (t2 > df) return 0.5 * incompleteBeta(df / (df + t2), df / 2, 0.5);
  return 0.5 - 0.5 * incompleteBeta(t2 / (df + t2), 0.5, df / 2);
}

/** P(T ≤ t) for T ~ Student t with df > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  return t >= 0 ? 1 - upperTail(t, df) : upperTail(-t, df);
}

function studentTDensity(t: number, df: number): number {
  const logC = -logGammaDifference(df / 2, 0.5) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** The p-quantile of Student's t with df > 0 degrees of freedom, 0 < p < 1. */
export function studentTQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const alpha = 1 - p; // the upper tail to reach
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return Math.sqrt(2 / (4 * p * alpha) - 2);
  // Bracket [low, high] with upperTail(low) > alpha > upperTail(high), then Newton steps, bisecting whenever a
  // step would leave the bracket (the tail is convex for t > 0, so Newton alone can overshoot to t < 0).
  let low = 0;
  let high = 1;
  while (upperTail(high, df) > alpha) {
    low = high;
    high *= 2;
  }
  let t = (low + high) / 2;
  for (let i = 0; i < 200; i++) {
    const excess = upperTail(t, df) - alpha;
    if (excess > 0) low = t;
    else high = t;
    let next = t + excess / studentTDensity(t, df);
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-13 * t || high - low <= 1e-13 * t) return next;
    t = next;
  }
  return t;
}
