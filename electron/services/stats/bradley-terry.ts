// Bradley-Terry by maximum likelihood on aggregated counts, as FastChat's compute_mle_elo fits it (a logistic
// regression on ±1 model indicators, ties as half a win to each side, ratings 400·log10 of the strength around
// 1000) but by Newton's method on one row per pair instead of one per vote: the same likelihood, a K×K system.
//
// Robustness: the objective carries a tiny symmetric Gaussian prior on the log strengths, −(λ/2)·Σθ², λ = 1e-4.
// Without it a model that won (or lost) every vote has no finite MLE, and models in separate groups that never
// met have no defined gap. With it the optimum always exists and is unique, is centred (Σθ = 0, as FastChat's
// unpenalised fit from zero ends up), places unconnected groups each around the centre, and a perfect record
// far out but finite (1 win to none: about 1,360 Elo apart; 1,000 to none: about 2,460; the bootstrap interval
// says how little that rests on). Against the votes' own information it is negligible: with 4 votes a pair it
// moves a gap by about 0.03 Elo, and its pull shrinks as 1/n.
import { solveSymmetricPositive } from './cholesky';

/** The prior's precision on each log strength. */
export const PRIOR_PRECISION = 1e-4;

/** FastChat's scale: 400 rating points per factor of 10 in the odds, the mean model at 1000. */
export const ELO_SCALE = 400;
export const ELO_MEAN = 1000;

/** One pair's votes as the fit reads them: a won, b won, neither (tie or both bad: half a win each). */
export interface BtCounts {
  a: number;
  b: number;
  aWins: number;
  bWins: number;
  noWinner: number;
}

/** log σ(x) without overflow either way. */
function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

function objective(theta: Float64Array, pairs: readonly BtCounts[]): number {
  let sum = 0;
  for (const p of pairs) {
    const d = theta[p.a]! - theta[p.b]!;
    const half = p.noWinner / 2;
    sum += (p.aWins + half) * logSigmoid(d) + (p.bWins + half) * logSigmoid(-d);
  }
  let norm = 0;
  for (const t of theta) norm += t * t;
  return sum - (PRIOR_PRECISION / 2) * norm;
}

/** The gradient of the objective, and its negated Hessian (positive definite: λ on the diagonal at least). */
function derivatives(theta: Float64Array, pairs: readonly BtCounts[]): { gradient: Float64Array; curvature: Float64Array } {
  const k = theta.length;
  const gradient = new Float64Array(k);
  const curvature = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    gradient[i] = -PRIOR_PRECISION * theta[i]!;
    curvature[i * k + i] = PRIOR_PRECISION;
  }
  for (const p of pairs) {
    const d = theta[p.a]! - theta[p.b]!;
    const aWon = 1 / (1 + Math.exp(-d)); // σ(d), and σ(−d) formed directly: 1 − σ(d) would cancel for a record
    const bWon = 1 / (1 + Math.exp(d)); // of 30,000 wins to none and leave the gradient noise-bound
    const half = p.noWinner / 2;
    const residual = (p.aWins + half) * bWon - (p.bWins + half) * aWon;
    const weight = (p.aWins + p.bWins + p.noWinner) * aWon * bWon;
    gradient[p.a] = gradient[p.a]! + residual;
    gradient[p.b] = gradient[p.b]! - residual;
    curvature[p.a * k + p.a] = curvature[p.a * k + p.a]! + weight;
    curvature[p.b * k + p.b] = curvature[p.b * k + p.b]! + weight;
    curvature[p.a * k + p.b] = curvature[p.a * k + p.b]! - weight;
    curvature[p.b * k + p.a] = curvature[p.b * k + p.a]! - weight;
  }
  return { gradient, curvature };
}

/**
 * Newton's decrement gᵀH⁻¹g, twice what a full step would gain, below which the fit has converged: the gain is
 * below the rounding of the objective, and θ within about √(2e-18 / curvature) of the optimum (1e-5 Elo even
 * for a model that won every one of 30,000 votes). A tolerance on the step itself could never be met there:
 * the gradient's rounding, divided by that tiny curvature, moves θ by 1e-9 every step.
 */
const CONVERGED_DECREMENT = 1e-18;

/**
 * The log strengths θ (natural log, Σθ = 0) of `models` models from their pairs' counts: Newton steps, halved
 * while they would lower the (concave) objective, from `start` (the bootstrap starts at the full data's fit).
 */
export function fitBradleyTerry(models: number, pairs: readonly BtCounts[], start?: Float64Array): Float64Array {
  const theta = start ? Float64Array.from(start) : new Float64Array(models);
  let value = objective(theta, pairs);
  const trial = new Float64Array(models);
  for (let iteration = 0; iteration < 200; iteration++) {
    const { gradient, curvature } = derivatives(theta, pairs);
    const step = solveSymmetricPositive(curvature, gradient, models);
    let decrement = 0;
    for (let i = 0; i < models; i++) decrement += gradient[i]! * step[i]!;
    if (decrement < CONVERGED_DECREMENT) break;
    let scale = 1;
    let trialValue = value;
    for (; scale > 1e-12; scale /= 2) {
      for (let i = 0; i < models; i++) trial[i] = theta[i]! + scale * step[i]!;
      trialValue = objective(trial, pairs);
      // Near the optimum the change is below rounding: accept it rather than halve forever.
      if (trialValue >= value - 1e-12 * Math.abs(value)) break;
    }
    theta.set(trial);
    value = trialValue;
  }
  return theta;
}

/** Elo-scale ratings: 400·log10(strength), shifted so that their mean is 1000. */
export function eloRatings(theta: ArrayLike<number>): number[] {
  let mean = 0;
  for (let i = 0; i < theta.length; i++) mean += theta[i]! / theta.length;
  return Array.from(theta, (t) => ELO_MEAN + (ELO_SCALE / Math.LN10) * (t - mean));
}
