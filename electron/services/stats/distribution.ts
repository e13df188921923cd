// A latency distribution as a box plot draws it (Tukey 1977: the box from q1 to q3, whiskers out to the furthest
// values within 1.5 IQR of it, the rest drawn one by one) plus the p90 and the mean the study reported. Linear in
// the number of values: quantiles by selection, everything else in two more passes.
import { MAX_OUTLIERS, type Distribution } from '../../shared/stats';
import { meanEstimate, momentsAbout } from './mean-interval';
import { quantilesInPlace } from './quantile';
import { selectInPlace } from './select';

const TUKEY_FENCE = 1.5;

function empty(): Distribution {
  const none = { min: null, q1: null, median: null, q3: null, p90: null, max: null, whiskerLow: null, whiskerHigh: null };
  return { n: 0, ...none, outliers: [], mean: { n: 0, mean: null, sd: null, ci: null } };
}

/** The distribution of finite values (the caller drops nulls); the values are copied, not reordered. */
export function describeDistribution(values: ArrayLike<number>): Distribution {
  return describeInPlace(Float64Array.from(values));
}

/** The same, reordering `values` in place: for buffers the caller owns and no longer needs in order. */
export function describeInPlace(values: Float64Array): Distribution {
  const n = values.length;
  if (n === 0) return empty();
  const [q1, median, q3, p90] = quantilesInPlace(values, [0.25, 0.5, 0.75, 0.9]) as [number, number, number, number];
  const lowFence = q1 - TUKEY_FENCE * (q3 - q1);
  const highFence = q3 + TUKEY_FENCE * (q3 - q1);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  // The whiskers end at data values, the furthest inside the fences, not at the fences themselves.
  let whiskerLow = Infinity;
  let whiskerHigh = -Infinity;
  const below: number[] = [];
  const above: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (x < lowFence) below.push(x);
    else if (x > highFence) above.push(x);
    else {
      if (x < whiskerLow) whiskerLow = x;
      if (x > whiskerHigh) whiskerHigh = x;
    }
  }
  const outliers = mostExtreme(below, above, q1, q3);
  return { n, min, q1, median, q3, p90, max, whiskerLow, whiskerHigh, outliers, mean: meanEstimate(momentsAbout(values, sum / n)) };
}

/**
 * The values outside the whiskers, the furthest from the box first, at most MAX_OUTLIERS: a 100k-vote
 * session's chart needs the shape of its tail, not every point of it. Only the MAX_OUTLIERS most extreme of
 * each side can make the list, so only those are sorted.
 */
function mostExtreme(below: number[], above: number[], q1: number, q3: number): number[] {
  const low = extremes(below, false);
  const high = extremes(above, true);
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (out.length < MAX_OUTLIERS && (i < low.length || j < high.length)) {
    const lowReach = i < low.length ? q1 - low[i]! : -Infinity;
    const highReach = j < high.length ? high[j]! - q3 : -Infinity;
    out.push(lowReach >= highReach ? low[i++]! : high[j++]!);
  }
  return out;
}

/** The MAX_OUTLIERS smallest (or largest) of values, the most extreme first. */
function extremes(values: number[], largest: boolean): Float64Array {
  const all = Float64Array.from(values);
  const keep = Math.min(MAX_OUTLIERS, all.length);
  if (all.length > keep) selectInPlace(all, largest ? all.length - keep : keep - 1);
  const kept = (largest ? all.subarray(all.length - keep) : all.subarray(0, keep)).sort();
  return largest ? kept.reverse() : kept;
}
