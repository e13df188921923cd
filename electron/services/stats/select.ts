// Order statistics without sorting: a box plot needs four of them, and sorting a model's 40,000 latencies
// (three metrics, every model, every category) would cost about as much as all the rest of the statistics.
// Floyd & Rivest's SELECT (CACM 18(3), 1975): it first narrows to a small sample's window around k, so each
// selection costs about n + min(k, n − k) comparisons. If a range refuses to shrink (an input built to defeat
// the sampling), it falls back to sorting that range, so the worst case stays n·log n.

/** Below this size the sampling step costs more than it saves. */
const SAMPLE_ABOVE = 600;

/**
 * Rearranges values[lo..hi] so that values[k] is the value a sort would put there, everything before it no
 * larger and everything after it no smaller.
 */
export function selectInPlace(values: Float64Array, k: number, lo = 0, hi = values.length - 1): void {
  let budget = 4 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (hi > lo) {
    if (--budget < 0) {
      values.subarray(lo, hi + 1).sort();
      return;
    }
    if (hi - lo > SAMPLE_ABOVE) {
      // Recursively place k within a window that holds the k-th value with high probability.
      const n = hi - lo + 1;
      const m = k - lo + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      selectInPlace(values, k, Math.max(lo, Math.floor(k - (m * s) / n + sd)), Math.min(hi, Math.floor(k + ((n - m) * s) / n + sd)));
    }
    const pivot = values[k]!;
    let i = lo;
    let j = hi;
    swap(values, lo, k);
    if (values[hi]! > pivot) swap(values, lo, hi);
    while (i < j) {
      swap(values, i++, j--);
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
    }
    if (values[lo] === pivot) swap(values, lo, j);
    else swap(values, ++j, hi);
    // values[j] is the pivot in its sorted place; keep the side that holds k.
    if (j <= k) lo = j + 1;
    if (k <= j) hi = j - 1;
  }
}

function swap(values: Float64Array, i: number, j: number): void {
  const t = values[i]!;
  values[i] = values[j]!;
  values[j] = t;
}

/** The smallest of values[from..] (selection leaves the next order statistic there, unordered). */
export function minFrom(values: Float64Array, from: number): number {
  let min = Infinity;
  for (let i = from; i < values.length; i++) if (values[i]! < min) min = values[i]!;
  return min;
}
