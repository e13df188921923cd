// Student's t quantile (for every mean's interval) against the closed forms of the t distribution function for
// whole degrees of freedom (Abramowitz & Stegun 26.7.3–4) and against the printed table; and means with their
// intervals, against direct computation.
import { describe, expect, it } from 'vitest';
import { MeanAccumulator, meanEstimate, momentsOf, t975 } from '../../electron/services/stats/mean-interval';
import { incompleteBeta, logGamma, studentTCdf, studentTQuantile } from '../../electron/services/stats/student-t';

/** P(T ≤ t) for whole ν by A&S 26.7.3 (ν odd) and 26.7.4 (ν even): finite sums in θ = atan(t/√ν). */
function tCdfClosedForm(t: number, nu: number): number {
  const theta = Math.atan(t / Math.sqrt(nu));
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  let a: number; // A(t|ν) = P(|T| ≤ |t|) signed like t
  if (nu % 2 === 1) {
    let term = c;
    let sum = nu > 1 ? c : 0;
    for (let j = 3; j <= nu - 2; j += 2) {
      term *= (c * c * (j - 1)) / j;
      sum += term;
    }
    a = (2 / Math.PI) * (theta + s * sum);
  } else {
    let term = 1;
    let sum = 1;
    for (let j = 2; j <= nu - 2; j += 2) {
      term *= (c * c * (j - 1)) / j;
      sum += term;
    }
    a = s * sum;
  }
  return 0.5 + a / 2;
}

describe('studentTQuantile', () => {
  it('inverts the closed-form distribution function for ν = 1..40 and a spread of p', () => {
    for (let nu = 1; nu <= 40; nu++) {
      for (const p of [0.5001, 0.6, 0.9, 0.95, 0.975, 0.99, 0.999, 0.9999]) {
        const t = studentTQuantile(p, nu);
        expect(Math.abs(tCdfClosedForm(t, nu) - p)).toBeLessThan(1e-13);
        expect(studentTQuantile(1 - p, nu)).toBeCloseTo(-t, 11);
      }
    }
  });

  it("gives the printed table's two-sided 95% values (t.975) and tends to z = 1.96", () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [3, 3.182],
      [4, 2.776],
      [5, 2.571],
      [10, 2.228],
      [20, 2.086],
      [30, 2.042],
      [60, 2.0],
      [120, 1.98],
    ];
    for (const [df, value] of table) expect(t975(df)).toBeCloseTo(value, value >= 2.1 ? 3 : 2);
    expect(t975(1)).toBeCloseTo(12.706204736174698, 12); // tan(0.475π)
    // Large ν, where a naive log Γ difference would lose digits: 30-digit values (mpmath's betainc, solved with
    // findroot; rounded to doubles here), and the Cornish–Fisher series z + (z³ + z)/(4ν) + …, which agrees with them there.
    expect(t975(1000)).toBeCloseTo(1.9623390808264085, 12);
    expect(t975(10_000)).toBeCloseTo(1.9602012398906263, 12);
    expect(t975(100_000)).toBeCloseTo(1.9599877075346097, 11);
    expect(t975(1_000_000)).toBeCloseTo(1.959966356814107, 11);
    const z = 1.959963984540054;
    expect(t975(1_000_000)).toBeCloseTo(z + (z ** 3 + z) / 4e6 + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96e12, 11);
  });

  it('has a distribution function consistent with its own closed forms at large ν and in both tails', () => {
    for (const nu of [3, 7, 12, 41]) {
      for (const t of [-8, -2.5, -0.3, 0, 0.3, 2.5, 8]) expect(studentTCdf(t, nu)).toBeCloseTo(tCdfClosedForm(t, nu), 13);
    }
  });

  it('rests on log Γ and the incomplete beta: Γ(n) = (n − 1)!, Γ(½) = √π, I_x(1, 1) = x, I_x(a, 1) = x^a', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
    for (const x of [0.01, 0.3, 0.77]) {
      expect(incompleteBeta(x, 1, 1)).toBeCloseTo(x, 14);
      expect(incompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 14);
      expect(incompleteBeta(x, 2, 3) + incompleteBeta(1 - x, 3, 2)).toBeCloseTo(1, 14);
    }
  });
});

describe('meanEstimate', () => {
  it('gives the mean, the sample sd and mean ± t.975·sd/√n, directly computed', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    const acc = new MeanAccumulator();
    values.forEach((v) => acc.add(v));
    const estimate = meanEstimate(acc);
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - 5) ** 2, 0) / 7); // mean 5, Σ(x − x̄)² = 32
    expect(estimate.n).toBe(8);
    expect(estimate.mean).toBeCloseTo(5, 14);
    expect(estimate.sd).toBeCloseTo(sd, 14);
    expect(estimate.ci!.low).toBeCloseTo(5 - (2.364624251592785 * sd) / Math.sqrt(8), 10);
    expect(estimate.ci!.high).toBeCloseTo(5 + (2.364624251592785 * sd) / Math.sqrt(8), 10);
    expect(meanEstimate(momentsOf(values))).toEqual(estimate);
  });

  it('has no interval below two values, nothing at all at none, and a zero-width one for constant values', () => {
    expect(meanEstimate(momentsOf([]))).toEqual({ n: 0, mean: null, sd: null, ci: null });
    expect(meanEstimate(momentsOf([3]))).toEqual({ n: 1, mean: 3, sd: null, ci: null });
    expect(meanEstimate(momentsOf([3, 3, 3]))).toEqual({ n: 3, mean: 3, sd: 0, ci: { low: 3, high: 3 } });
  });

  it('merges accumulators as if the values had been added to one (and keeps precision far from zero)', () => {
    const base = 1e9;
    const values = Array.from({ length: 1000 }, (_, i) => base + ((i * 7919) % 101) / 10);
    const whole = new MeanAccumulator();
    values.forEach((v) => whole.add(v));
    const parts = [new MeanAccumulator(), new MeanAccumulator(), new MeanAccumulator()];
    values.forEach((v, i) => parts[i % 3 === 0 ? 0 : i < 500 ? 1 : 2]!.add(v));
    const merged = new MeanAccumulator();
    parts.forEach((p) => merged.merge(p));
    merged.merge(new MeanAccumulator());
    const exact = values.map((v) => v - base);
    const exactMean = exact.reduce((s, v) => s + v, 0) / exact.length;
    const exactM2 = exact.reduce((s, v) => s + (v - exactMean) ** 2, 0);
    for (const acc of [whole, merged]) {
      expect(acc.n).toBe(1000);
      expect(acc.mean - base).toBeCloseTo(exactMean, 5);
      expect(acc.m2 / exactM2).toBeCloseTo(1, 8);
    }
  });
});
