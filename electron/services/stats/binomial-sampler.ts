// Exact binomial draws for the bootstrap's multinomial resampling. A normal approximation would be fast but is
// not the bootstrap any more (it misses the skew of small cells, and draws outside 0..n); these are exact:
// inversion of the distribution function when the mean is small, else Hörmann's transformed rejection with
// decomposition (BTRD, "The generation of binomial random variates", J. Stat. Comput. Simul. 46, 1993), in the
// two-uniform form TensorFlow uses (its box test, then the exact acceptance test; no squeeze, which only saves
// time). Both cost O(1) expected uniforms for BTRD and O(n·p) for inversion, kept below 10.
import type { Uniform } from '../random/seeded-uniform';
import { stirlingError } from './stirling';

/** Below this mean, inversion; above, BTRD (whose constants Hörmann fitted for n·p ≥ 10). */
const INVERSION_MAX_MEAN = 10;

/** One draw from Binomial(n, p), n whole. */
export function sampleBinomial(n: number, p: number, uniform: Uniform): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(n, 1 - p, uniform);
  return n * p < INVERSION_MAX_MEAN ? byInversion(n, p, uniform) : byBtrd(n, p, uniform);
}

/** Walks the probabilities up from P(0) = qⁿ by the ratio of successive terms until the uniform is used up. */
function byInversion(n: number, p: number, uniform: Uniform): number {
  const ratio = p / (1 - p);
  const first = Math.exp(n * Math.log1p(-p)); // ≥ e^-14 here: n·p < 10 and p ≤ ½
  for (;;) {
    let u = uniform();
    let f = first;
    let k = 0;
    while (u > f && k < n) {
      u -= f;
      k += 1;
      f *= (ratio * (n - k + 1)) / k;
    }
    // Running off the end means rounding ate the last ~1e-16 of the mass: draw again rather than bias the top.
    if (u <= f) return k;
  }
}

/** Stirling's error at k + 1: log k! − ((k + ½)·log(k + 1) − (k + 1) + ½·log 2π), Hörmann's fc(k). */
function fc(k: number): number {
  return stirlingError(k + 1);
}

function byBtrd(n: number, p: number, uniform: Uniform): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / q;
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  const mTerms = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + fc(m) + fc(n - m);
  for (;;) {
    const u = uniform() - 0.5;
    let v = uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k; // inside the box: accepted without evaluating f(k)
    if (k < 0 || k > n) continue;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      mTerms + (n + 1) * Math.log((n - m + 1) / (n - k + 1)) + (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) - fc(k) - fc(n - k);
    if (v <= bound) return k;
  }
}
