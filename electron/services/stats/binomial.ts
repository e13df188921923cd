// Exact binomial probabilities and the exact two-sided sign test, stable for n in the hundred-thousands and
// beyond: log probabilities by Loader's saddle-point form (as R's dbinom), tails summed outward from the term
// nearest the centre by the ratio of successive terms, relative to that term, so nothing underflows on the way.
import { devianceTerm, stirlingError } from './stirling';

const LOG_2PI = Math.log(2 * Math.PI);

/** log P(X = k) for X ~ Binomial(n, p), k and n whole. */
export function binomialLogPmf(k: number, n: number, p: number): number {
  const q = 1 - p;
  if (k < 0 || k > n) return -Infinity;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (q === 0) return k === n ? 0 : -Infinity;
  if (k === 0) return n === 0 ? 0 : p < 0.1 ? -devianceTerm(n, n * q) - n * p : n * Math.log(q);
  if (k === n) return q < 0.1 ? -devianceTerm(n, n * p) - n * q : n * Math.log(p);
  const lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - devianceTerm(k, n * p) - devianceTerm(n - k, n * q);
  return lc - 0.5 * (LOG_2PI + Math.log(k) + Math.log1p(-k / n));
}

/**
 * log P(X ≤ m) for X ~ Binomial(n, ½) and m ≤ n/2: the terms below m fall off by the factor i/(n − i + 1), so
 * the sum stops once they no longer change it (a few thousand terms at n = 100,000, however close m is to n/2).
 */
function logLowerTailHalf(m: number, n: number): number {
  let term = 1;
  let sum = 1;
  for (let i = m; i > 0; i--) {
    term *= i / (n - i + 1);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return binomialLogPmf(m, n, 0.5) + Math.log(sum);
}

/**
 * The exact two-sided sign test of k successes in n (ties left out beforehand): p = min(1, 2·P(X ≤ min(k, n − k)))
 * for X ~ Binomial(n, ½). null when n is 0.
 */
export function signTestP(k: number, n: number): number | null {
  if (n === 0) return null;
  const m = Math.min(k, n - k);
  if (2 * m >= n) return 1; // P(X ≤ n/2) ≥ ½
  return Math.min(1, 2 * Math.exp(logLowerTailHalf(m, n)));
}
