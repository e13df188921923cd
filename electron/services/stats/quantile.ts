// One definition of a sample quantile for the whole of the statistics: linear interpolation between order
// statistics (Hyndman & Fan 1996 type 7, the default of R, NumPy and pandas, so FastChat's bootstrap quantiles
// and a spreadsheet's QUARTILE.INC give the same numbers).
import { minFrom, selectInPlace } from './select';

/** Where the p-quantile of n values falls: between order statistics `index` and `index + 1`, `fraction` along. */
function quantilePosition(n: number, p: number): { index: number; fraction: number } {
  const h = (n - 1) * p;
  const index = Math.min(Math.floor(h), n - 1);
  return { index, fraction: h - index };
}

/** The quantile between order statistics `at` and `next`, `fraction` of the way (next unread when 0). */
function interpolate(at: number, next: () => number, fraction: number): number {
  return fraction === 0 ? at : at + fraction * (next() - at);
}

/** The p-quantile (0 ≤ p ≤ 1) of values sorted in ascending order; NaN when there are none. */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const { index, fraction } = quantilePosition(sorted.length, p);
  return interpolate(sorted[index]!, () => sorted[index + 1]!, fraction);
}

/**
 * The quantiles at ascending ps of unsorted values, by selection (values is reordered): each selection works
 * on what lies above the previous one, so all of them cost a few passes over the values.
 */
export function quantilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  let from = 0;
  return ps.map((p) => {
    const { index, fraction } = quantilePosition(n, p);
    selectInPlace(values, index, from);
    from = index;
    return interpolate(values[index]!, () => minFrom(values, index + 1), fraction);
  });
}
