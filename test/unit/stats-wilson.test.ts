// Wilson intervals against a second implementation (the score test's quadratic solved directly) and Newcombe's
// published table; when a pair counts as told apart (the exact sign test, checked by exact counting), and "about
// N more votes", checked by adding that many votes at the current rates.
import { describe, expect, it } from 'vitest';
import { moreVotesNeeded, separated } from '../../electron/services/stats/votes-needed';
import { excludesHalf, rateEstimate, wilsonInterval, Z95 } from '../../electron/services/stats/wilson';

/**
 * The Wilson interval as the roots of the score test's boundary: (p̂ − p)² = z²·p(1 − p)/n, that is
 * (n + z²)·p² − (2k + z²)·p + k²/n = 0.
 */
function wilsonByQuadratic(k: number, n: number): { low: number; high: number } {
  const z2 = Z95 * Z95;
  const a = n + z2;
  const b = -(2 * k + z2);
  const c = (k * k) / n;
  // b² − 4ac, expanded so that the 4k² terms cancel on paper rather than in floating point.
  const root = Math.sqrt(z2 * ((4 * k * (n - k)) / n + z2));
  // The numerically stable pair of roots (no subtraction of nearly equal numbers).
  const q = -0.5 * (b - root);
  const r1 = q / a;
  const r2 = q === 0 ? 0 : c / q;
  return { low: Math.min(r1, r2), high: Math.max(r1, r2) };
}

describe('wilsonInterval', () => {
  it('agrees with the quadratic over a grid of (k, n)', () => {
    for (const n of [1, 2, 3, 5, 8, 13, 20, 29, 50, 100, 263, 1000, 12_345, 100_000]) {
      const ks = new Set([0, 1, 2, Math.floor(n / 10), Math.floor(n / 3), Math.floor(n / 2), Math.ceil(n / 2), n - 2, n - 1, n].filter((k) => k >= 0 && k <= n));
      for (const k of ks) {
        const ci = wilsonInterval(k, n);
        const other = wilsonByQuadratic(k, n);
        expect(ci.low).toBeCloseTo(other.low, 12);
        expect(ci.high).toBeCloseTo(other.high, 12);
        expect(ci.low).toBeLessThanOrEqual(k / n);
        expect(ci.high).toBeGreaterThanOrEqual(k / n);
      }
    }
  });

  it("reproduces Newcombe (1998, Statistics in Medicine 17:857), Table II's method 3 (score, no continuity correction)", () => {
    const table: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, low, high] of table) {
      const ci = wilsonInterval(k, n);
      expect(ci.low).toBeCloseTo(low, 4);
      expect(ci.high).toBeCloseTo(high, 4);
      // The second implementation gives the same published figures.
      expect(wilsonByQuadratic(k, n).low).toBeCloseTo(low, 4);
      expect(wilsonByQuadratic(k, n).high).toBeCloseTo(high, 4);
    }
  });

  it('is exactly 0 at k = 0 and exactly 1 at k = n, and symmetric in k ↔ n − k', () => {
    expect(wilsonInterval(0, 7).low).toBe(0);
    expect(wilsonInterval(7, 7).high).toBe(1);
    for (const [k, n] of [[3, 10], [0, 4], [17, 40]] as const) {
      const ci = wilsonInterval(k, n);
      const mirror = wilsonInterval(n - k, n);
      expect(ci.low).toBeCloseTo(1 - mirror.high, 14);
      expect(ci.high).toBeCloseTo(1 - mirror.low, 14);
    }
  });

  it('rateEstimate carries k and n, with rate and interval null at n = 0', () => {
    expect(rateEstimate(0, 0)).toEqual({ k: 0, n: 0, rate: null, ci: null });
    const r = rateEstimate(3, 4);
    expect(r.rate).toBe(0.75);
    expect(r.ci).toEqual(wilsonInterval(3, 4));
  });

  it('excludesHalf is strict', () => {
    expect(excludesHalf({ low: 0.5, high: 0.7 })).toBe(false);
    expect(excludesHalf({ low: 0.5000001, high: 0.7 })).toBe(true);
    expect(excludesHalf({ low: 0.2, high: 0.4999 })).toBe(true);
  });
});

/**
 * The exact two-sided sign test by direct summation in exact integers (BigInt binomial coefficients over 2^n): a
 * second implementation of the rule that tells a pair apart, p < 0.05.
 */
function signTestByCounting(k: number, n: number): number {
  const m = Math.min(k, n - k);
  let coefficient = 1n;
  let tail = 0n;
  for (let i = 0; i <= m; i++) {
    tail += coefficient;
    coefficient = (coefficient * BigInt(n - i)) / BigInt(i + 1);
  }
  const p = (2 * Number((tail * 1_000_000_000_000n) / 2n ** BigInt(n))) / 1e12;
  return Math.min(1, p);
}

/** At `rate`, are `decided` decided votes (rounded, as the projection rounds them) told apart? */
function apartByCounting(rate: number, decided: number): boolean {
  const n = Math.round(decided);
  return n > 0 && signTestByCounting(Math.round(rate * n), n) < 0.05;
}

describe('separated and moreVotesNeeded (the exact sign test at p < 0.05)', () => {
  it('tells a pair apart by the sign test, not by the Wilson interval where the two disagree', () => {
    // 4 of 4: Wilson 51–100% leaves out ½, yet p = 0.125; 5 of 5: p = 0.0625; 6 of 6: p = 0.031.
    expect(excludesHalf(wilsonInterval(4, 4))).toBe(true);
    expect(separated(4, 4)).toBe(false);
    expect(separated(5, 5)).toBe(false);
    expect(separated(6, 6)).toBe(true);
    expect(separated(0, 6)).toBe(true);
    for (let n = 1; n <= 60; n++) for (let k = 0; k <= n; k++) expect(separated(k, n)).toBe(signTestByCounting(k, n) < 0.05);
  });

  it('is the fewest more votes at the current rates that separate the pair: that many do, one fewer does not', () => {
    const cases: [number, number, number][] = [
      [11, 20, 25], // 55% of 20 decided, 80% of votes decided
      [22, 40, 40],
      [3, 4, 10],
      [1, 1, 1],
      [0, 2, 3],
      [50, 99, 130],
      [7, 12, 12],
      [45, 80, 100],
      [4, 4, 4],
    ];
    for (const [wins, decided, votes] of cases) {
      const more = moreVotesNeeded(wins, decided, votes);
      expect(more).not.toBeNull();
      expect(Number.isInteger(more)).toBe(true);
      const rate = wins / decided;
      const share = decided / votes;
      expect(apartByCounting(rate, decided)).toBe(false);
      expect(apartByCounting(rate, decided + more! * share)).toBe(true);
      if (more! > 1) expect(apartByCounting(rate, decided + (more! - 1) * share)).toBe(false);
    }
  });

  it('is near the normal approximation for a small lead: 55% needs about 390 decided votes', () => {
    // z²/(4·0.05²) = 384 decided votes by the score test; the exact test needs a few more.
    const more = moreVotesNeeded(11, 20, 20)!;
    expect(more + 20).toBeGreaterThanOrEqual(384);
    expect(more + 20).toBeLessThanOrEqual(420);
    // Half the votes decided: about twice as many votes.
    expect(Math.abs(moreVotesNeeded(11, 20, 40)! - 2 * more)).toBeLessThanOrEqual(4);
  });

  it('is 0 once separated, null at exactly 50% or with nothing decided', () => {
    expect(moreVotesNeeded(70, 100, 120)).toBe(0);
    expect(moreVotesNeeded(20, 40, 50)).toBeNull();
    expect(moreVotesNeeded(0, 0, 12)).toBeNull();
  });
});
