// The sign test and the binomial machinery behind it and the bootstrap: checked against exact rational
// arithmetic (BigInt binomial coefficients over 2^n), textbook values, and, for the sampler, goodness of fit.
import { describe, expect, it } from 'vitest';
import { binomialLogPmf, signTestP } from '../../electron/services/stats/binomial';
import { sampleBinomial } from '../../electron/services/stats/binomial-sampler';
import { seededUniform } from '../../electron/services/random/seeded-uniform';
import { stirlingError } from '../../electron/services/stats/stirling';

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** log(num / den) for positive BigInts, exact to double precision however small the ratio. */
function logRatio(num: bigint, den: bigint): number {
  const shift = bitLength(den) - bitLength(num) + 64;
  const q = shift >= 0 ? (num << BigInt(shift)) / den : (num >> BigInt(-shift)) / den;
  return Math.log(Number(q)) - shift * Math.LN2;
}

/** The sign test by direct summation: 2·Σ_{i ≤ min(k, n−k)} C(n, i) / 2^n, all in exact integers. */
function exactSignTest(k: number, n: number): number {
  const m = Math.min(k, n - k);
  let c = 1n;
  let sum = 0n;
  for (let i = 0; i <= m; i++) {
    sum += c;
    c = (c * BigInt(n - i)) / BigInt(i + 1);
  }
  return Math.min(1, Math.exp(logRatio(2n * sum, 1n << BigInt(n))));
}

function binomialCoefficient(n: number, k: number): bigint {
  let c = 1n;
  for (let i = 0; i < k; i++) c = (c * BigInt(n - i)) / BigInt(i + 1);
  return c;
}

function expectRelativelyClose(actual: number | null, expected: number, tolerance: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance * expected);
}

describe('signTestP', () => {
  it('matches exact summation over every k for n = 1..60 and a spread of k for n up to 1,000', () => {
    for (let n = 1; n <= 60; n++) for (let k = 0; k <= n; k++) expectRelativelyClose(signTestP(k, n), exactSignTest(k, n), 1e-13);
    for (const n of [99, 100, 257, 500, 1000]) {
      for (const k of [0, 1, 2, 7, Math.floor(n / 3), Math.floor(n / 2) - 10, Math.floor(n / 2) - 1, Math.floor(n / 2), n - 3, n]) {
        expectRelativelyClose(signTestP(k, n), exactSignTest(k, n), 1e-12);
      }
    }
  });

  it('stays exact at n = 20,000 and n = 100,001, in the tail and near the centre', () => {
    for (const [k, n] of [
      [9_700, 20_000],
      [9_950, 20_000],
      [9_999, 20_000],
      [49_500, 100_001],
    ] as const) {
      expectRelativelyClose(signTestP(k, n), exactSignTest(k, n), 1e-10);
    }
  });

  it('gives textbook values: n = 10, k = 1 → 0.02148; n = 20, k = 5 → 0.04139; n = 12, k = 2 → 0.03857', () => {
    // 2·(1 + 10)/1024; 2·(1 + 20 + 190 + 1140 + 4845 + 15504)/2^20; 2·(1 + 12 + 66)/4096
    expect(exactSignTest(1, 10)).toBeCloseTo(0.021484375, 15);
    expect(signTestP(1, 10)).toBeCloseTo(0.02148, 5);
    expect(signTestP(9, 10)).toBeCloseTo(0.02148, 5);
    expect(signTestP(5, 20)).toBeCloseTo(0.04139, 5);
    expect(exactSignTest(5, 20)).toBeCloseTo(0.04139, 5);
    expect(signTestP(2, 12)).toBeCloseTo(0.03857, 5);
  });

  it('is 1 at an even split, null without decided votes, and a tiny positive number (not NaN) far in the tail', () => {
    expect(signTestP(50, 100)).toBe(1);
    expect(signTestP(50, 101)).toBe(1);
    expect(signTestP(0, 0)).toBeNull();
    const tiny = signTestP(10, 1000)!; // about 5e-278
    expect(tiny).toBeGreaterThan(0);
    const exact = logRatio(2n * [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].reduce((s, i) => s + binomialCoefficient(1000, i), 0n), 1n << 1000n);
    expect(Math.log(tiny)).toBeCloseTo(exact, 10);
    expect(signTestP(0, 200_000)).toBe(0); // 2^-199,999: below the smallest double
  });
});

describe('binomialLogPmf', () => {
  it('matches exact coefficients for p = ½ and p = 0.3 (as the ratio of exact integers)', () => {
    for (const n of [1, 5, 17, 64, 300, 2000]) {
      for (const k of [0, 1, Math.floor(n / 4), Math.floor(n / 2), n - 1, n]) {
        expect(binomialLogPmf(k, n, 0.5)).toBeCloseTo(logRatio(binomialCoefficient(n, k), 1n << BigInt(n)), 10);
        const exact = logRatio(binomialCoefficient(n, k) * 3n ** BigInt(k) * 7n ** BigInt(n - k), 10n ** BigInt(n));
        expect(binomialLogPmf(k, n, 0.3)).toBeCloseTo(exact, 9);
      }
    }
  });

  it('is −∞ outside 0..n and exact at p = 0 and p = 1', () => {
    expect(binomialLogPmf(-1, 5, 0.5)).toBe(-Infinity);
    expect(binomialLogPmf(6, 5, 0.5)).toBe(-Infinity);
    expect(binomialLogPmf(0, 5, 0)).toBe(0);
    expect(binomialLogPmf(5, 5, 1)).toBe(0);
    expect(binomialLogPmf(2, 5, 1)).toBe(-Infinity);
  });
});

describe('stirlingError', () => {
  it("reproduces Hörmann's table of fc(k) = stirlingError(k + 1) for k = 0..9 and log n! above it", () => {
    const hormann = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287];
    hormann.forEach((value, k) => expect(stirlingError(k + 1)).toBeCloseTo(value, 14));
    // Above the table: log n! from the series against a direct sum of logs (n small enough for the sum to be exact).
    for (const n of [16, 20, 36, 81, 200, 501, 1000]) {
      let logFactorial = 0;
      for (let i = 2; i <= n; i++) logFactorial += Math.log(i);
      const stirling = (n + 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI);
      expect(stirling + stirlingError(n)).toBeCloseTo(logFactorial, 9);
    }
  });
});

/** Pearson's χ² of observed counts against Binomial(n, p), bins with expected counts below 5 pooled into the tails. */
function chiSquare(draws: number[], n: number, p: number): { statistic: number; df: number } {
  const counts = new Map<number, number>();
  for (const x of draws) counts.set(x, (counts.get(x) ?? 0) + 1);
  const bins: { expected: number; observed: number }[] = [];
  let pooled = { expected: 0, observed: 0 };
  for (let k = 0; k <= n; k++) {
    const expected = draws.length * Math.exp(binomialLogPmf(k, n, p));
    pooled = { expected: pooled.expected + expected, observed: pooled.observed + (counts.get(k) ?? 0) };
    if (pooled.expected >= 5) {
      bins.push(pooled);
      pooled = { expected: 0, observed: 0 };
    }
  }
  if (bins.length > 0) {
    const last = bins[bins.length - 1]!;
    last.expected += pooled.expected;
    last.observed += pooled.observed;
  }
  const statistic = bins.reduce((sum, b) => sum + (b.observed - b.expected) ** 2 / b.expected, 0);
  return { statistic, df: bins.length - 1 };
}

/** The χ² 99.9% quantile by Wilson–Hilferty (accurate to a few per cent at these df). */
function chiSquareCritical(df: number): number {
  const z = 3.090232306167813;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

describe('sampleBinomial', () => {
  // Both methods (inversion below a mean of 10, BTRD above), both halves of p, and n as large as a session's.
  it.each([
    [30, 0.2],
    [1000, 0.004],
    [60, 0.5],
    [200, 0.3],
    [50, 0.9],
    [5000, 0.02],
    [100_000, 0.5],
    [100_000, 0.93],
  ])('draws from Binomial(%i, %f): χ² goodness of fit and the mean and variance', (n, p) => {
    const uniform = seededUniform(n * 7 + Math.round(p * 1000));
    const draws = Array.from({ length: 20_000 }, () => sampleBinomial(n, p, uniform));
    expect(draws.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
    const { statistic, df } = chiSquare(draws, n, p);
    expect(statistic).toBeLessThan(chiSquareCritical(df));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(draws.length));
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.94);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.06);
  });

  it('returns 0 or n for the degenerate cases, and the same draws for the same seed', () => {
    const uniform = seededUniform(1);
    expect(sampleBinomial(0, 0.4, uniform)).toBe(0);
    expect(sampleBinomial(10, 0, uniform)).toBe(0);
    expect(sampleBinomial(10, 1, uniform)).toBe(10);
    const run = (seed: number) => {
      const u = seededUniform(seed);
      return Array.from({ length: 50 }, (_, i) => sampleBinomial(100 + i * 1000, 0.37, u));
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});

describe('seededUniform', () => {
  it('stays strictly inside (0, 1) and looks uniform over 10 bins', () => {
    const uniform = seededUniform(12345);
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = uniform();
      if (!(u > 0 && u < 1)) outside += 1;
      else bins[Math.floor(u * 10)]! += 1;
    }
    expect(outside).toBe(0);
    const statistic = bins.reduce((s, b) => s + (b - 10_000) ** 2 / 10_000, 0);
    expect(statistic).toBeLessThan(chiSquareCritical(9));
  });
});
