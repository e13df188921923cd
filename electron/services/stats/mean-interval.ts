// Means with their Student t 95% interval, accumulated one value at a time (Welford's update: one pass, and no
// catastrophic cancellation in the variance of, say, latencies near 1e4 ms that differ by a few), and merged
// across categories for the whole session.
import type { MeanEstimate } from '../../shared/stats';
import { studentTQuantile } from './student-t';

export class MeanAccumulator {
  n = 0;
  mean = 0;
  /** The sum of squared deviations from the running mean. */
  m2 = 0;

  add(x: number): void {
    this.n += 1;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  /** Adds another accumulator's values (Chan, Golub & LeVeque's pairwise update: as stable as adding them one by one). */
  merge(other: MeanAccumulator): void {
    if (other.n === 0) return;
    const n = this.n + other.n;
    const delta = other.mean - this.mean;
    this.mean += (delta * other.n) / n;
    this.m2 += other.m2 + (delta * delta * this.n * other.n) / n;
    this.n = n;
  }
}

// A session asks for the same few degrees of freedom again and again (one per estimate's n − 1).
const t975Cache = new Map<number, number>();

/** Student t's 97.5% quantile with df degrees of freedom: the half-width of a 95% interval in standard errors. */
export function t975(df: number): number {
  let t = t975Cache.get(df);
  if (t === undefined) {
    t = studentTQuantile(0.975, df);
    if (t975Cache.size < 10_000) t975Cache.set(df, t);
  }
  return t;
}

/** What a mean and its interval are computed from: the count, the mean, the sum of squared deviations. */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

export function meanEstimate(acc: Moments): MeanEstimate {
  if (acc.n === 0) return { n: 0, mean: null, sd: null, ci: null };
  if (acc.n === 1) return { n: 1, mean: acc.mean, sd: null, ci: null };
  const sd = Math.sqrt(acc.m2 / (acc.n - 1));
  const half = (t975(acc.n - 1) * sd) / Math.sqrt(acc.n);
  return { n: acc.n, mean: acc.mean, sd, ci: { low: acc.mean - half, high: acc.mean + half } };
}

/** The moments of values whose mean is known: the squared deviations summed in one pass, no division per value. */
export function momentsAbout(values: ArrayLike<number>, mean: number): Moments {
  let m2 = 0;
  for (let i = 0; i < values.length; i++) m2 += (values[i]! - mean) ** 2;
  return { n: values.length, mean, m2 };
}

/** The moments of a list held all at once: two passes (the mean, then the deviations from it). */
export function momentsOf(values: ArrayLike<number>): Moments {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return momentsAbout(values, values.length === 0 ? 0 : sum / values.length);
}
