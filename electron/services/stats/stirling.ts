// The error of Stirling's formula, log(n!) − log(√(2πn)·(n/e)^n). The sign test's binomial
// probabilities (Loader's saddle-point form) and the binomial sampler's acceptance test (BTRD) both need log
// factorials of numbers in the hundred-thousands to an absolute accuracy near 1e-15, which log(n!) itself,
// about 1e6 there, cannot carry in a double: these corrections can, and the large terms cancel on paper.

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

// n ≤ 15: from log(n!) summed directly (each value is small, so the sum is exact to ~1e-15).
const SMALL = (() => {
  const table = [Number.NaN];
  let logFactorial = 0;
  for (let n = 1; n <= 15; n++) {
    logFactorial += Math.log(n);
    table.push(logFactorial - (n + 0.5) * Math.log(n) + n - HALF_LOG_2PI);
  }
  return table;
})();

// The asymptotic series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − …, cut where its next term is below 1e-17
// (the cut-offs are R's, from Loader 2000).
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/**
 * log(n!) − log(√(2πn)(n/e)^n) for a whole n ≥ 1; for real n > 15 too (the series holds for any real n there,
 * with log Γ(n + 1) for log n!), which student-t.ts uses for log Γ of half-integers.
 */
export function stirlingError(n: number): number {
  if (n <= 15) return SMALL[n]!;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * x·log(x/m) + m − x, the deviance term of the saddle-point binomial, without the cancellation the direct form
 * suffers when x is close to m (Loader 2000's series in v = (x − m)/(x + m)).
 */
export function devianceTerm(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}
