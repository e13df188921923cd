// Latency distributions: Tukey's box plot numbers on small arrays worked by hand, the outlier cap and order,
// and the selection that finds the quantiles without sorting, against a plain sort.
import { describe, expect, it } from 'vitest';
import { MAX_OUTLIERS } from '../../electron/shared/stats';
import { describeDistribution } from '../../electron/services/stats/distribution';
import { quantilesInPlace, sortedQuantile } from '../../electron/services/stats/quantile';
import { selectInPlace } from '../../electron/services/stats/select';
import { seededRandom } from '../support/seeded-random';

describe('describeDistribution', () => {
  it('gives the box plot of 1..9 and 100 (type 7 quantiles; 100 beyond the upper fence)', () => {
    // Sorted: 1 2 3 4 5 6 7 8 9 100. q1 at position 2.25 → 3.25; median 5.5; q3 at 6.75 → 7.75; IQR 4.5,
    // fences −3.5 and 14.5: whiskers at 1 and 9. p90 at 8.1 → 9 + 0.1·91 = 18.1. Mean 14.5.
    const input = [7, 100, 3, 1, 9, 5, 2, 8, 4, 6];
    const d = describeDistribution(input);
    expect(d).toMatchObject({ n: 10, min: 1, q1: 3.25, median: 5.5, q3: 7.75, max: 100, whiskerLow: 1, whiskerHigh: 9, outliers: [100] });
    expect(d.p90).toBeCloseTo(18.1, 12);
    expect(d.mean.mean).toBeCloseTo(14.5, 12);
    expect(d.mean.n).toBe(10);
    expect(input).toEqual([7, 100, 3, 1, 9, 5, 2, 8, 4, 6]); // not reordered
  });

  it('puts whiskers at data values inside the fences, outliers on both sides, furthest from the box first', () => {
    // 20 values 10..29 plus −40, −15, 60 and 90: n = 24, sorted −40 −15 10 11 … 29 60 90.
    const values = [...Array.from({ length: 20 }, (_, i) => 10 + i), -40, -15, 60, 90];
    const sorted = [...values].sort((a, b) => a - b);
    const q1 = sortedQuantile(sorted, 0.25);
    const q3 = sortedQuantile(sorted, 0.75);
    expect(q1).toBeCloseTo(13.75, 12); // position 5.75 between 13 and 14
    expect(q3).toBeCloseTo(25.25, 12); // position 17.25 between 25 and 26
    const d = describeDistribution(values);
    // Fences 13.75 − 17.25 = −3.5 and 25.25 + 17.25 = 42.5.
    expect(d.whiskerLow).toBe(10);
    expect(d.whiskerHigh).toBe(29);
    // Beyond the box: 90 by 64.75, −40 by 53.75, 60 by 34.75, −15 by 28.75.
    expect(d.outliers).toEqual([90, -40, 60, -15]);
  });

  it(`keeps at most ${MAX_OUTLIERS} outliers, the most extreme ones`, () => {
    const values = [...Array.from({ length: 1000 }, (_, i) => i % 10), ...Array.from({ length: 120 }, (_, i) => 1000 + i)];
    const d = describeDistribution(values);
    expect(d.outliers).toHaveLength(MAX_OUTLIERS);
    expect(d.outliers).toEqual(Array.from({ length: MAX_OUTLIERS }, (_, i) => 1119 - i));
    expect(d.whiskerHigh).toBe(9);
  });

  it('handles no values, one value, and all values equal', () => {
    const none = describeDistribution([]);
    expect(none).toMatchObject({ n: 0, min: null, q1: null, median: null, q3: null, p90: null, max: null, whiskerLow: null, whiskerHigh: null, outliers: [] });
    expect(none.mean).toEqual({ n: 0, mean: null, sd: null, ci: null });
    expect(describeDistribution([42])).toMatchObject({ n: 1, min: 42, q1: 42, median: 42, q3: 42, p90: 42, max: 42, whiskerLow: 42, whiskerHigh: 42, outliers: [] });
    expect(describeDistribution([5, 5, 5, 5])).toMatchObject({ q1: 5, q3: 5, whiskerLow: 5, whiskerHigh: 5, outliers: [] });
  });

  it('matches quantiles of a sort on 200 random arrays (many ties, sorted and reversed inputs included)', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 3000);
      const levels = trial % 3 === 0 ? 7 : 1e6; // a third with heavy ties
      let values = Array.from({ length: n }, () => Math.floor(random() * levels) / 10);
      if (trial % 10 === 1) values = values.sort((a, b) => a - b);
      if (trial % 10 === 2) values = values.sort((a, b) => b - a);
      const sorted = [...values].sort((a, b) => a - b);
      const d = describeDistribution(values);
      expect([d.q1, d.median, d.q3, d.p90]).toEqual([0.25, 0.5, 0.75, 0.9].map((p) => sortedQuantile(sorted, p)));
      expect([d.min, d.max]).toEqual([sorted[0], sorted[n - 1]]);
    }
  });
});

describe('selection', () => {
  it('puts the k-th smallest at k, nothing larger before it and nothing smaller after', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 100; trial++) {
      const n = 1 + Math.floor(random() * 5000);
      const values = Float64Array.from({ length: n }, () => Math.round(random() * 100));
      const sorted = values.slice().sort();
      const k = Math.floor(random() * n);
      selectInPlace(values, k);
      expect(values[k]).toBe(sorted[k]);
      for (let i = 0; i < k; i++) if (values[i]! > values[k]!) throw new Error(`values[${i}] > values[${k}]`);
      for (let i = k + 1; i < n; i++) if (values[i]! < values[k]!) throw new Error(`values[${i}] < values[${k}]`);
    }
  });

  it('finds quantiles in place with the same type 7 rule as the sorted version (R: quantile(1:4) = 1.75, 2.5, 3.25)', () => {
    expect(quantilesInPlace(Float64Array.from([4, 1, 3, 2]), [0, 0.25, 0.5, 0.75, 1])).toEqual([1, 1.75, 2.5, 3.25, 4]);
    expect([0, 0.25, 0.5, 0.75, 1].map((p) => sortedQuantile([1, 2, 3, 4], p))).toEqual([1, 1.75, 2.5, 3.25, 4]);
    expect(quantilesInPlace(new Float64Array(0), [0.5])).toEqual([Number.NaN]);
  });
});
