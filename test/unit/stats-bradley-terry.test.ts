// Bradley-Terry ratings: cases whose maximum likelihood is known in closed form; agreement with a second fit by
// minorization-maximization (Hunter 2004, Ann. Statist. 32:384) on a large generated session; and bootstrap
// intervals that cover the strengths the votes were generated from, with about the width theory predicts.
import { describe, expect, it } from 'vitest';
import { bootstrapRatings, rateModels, resampleCounts } from '../../electron/services/stats/bootstrap';
import { ELO_SCALE, eloRatings, fitBradleyTerry, type BtCounts } from '../../electron/services/stats/bradley-terry';
import { seededUniform } from '../../electron/services/random/seeded-uniform';
import { seededRandom } from '../support/seeded-random';

const ELO_PER_NAT = ELO_SCALE / Math.LN10;

function counts(a: number, b: number, aWins: number, bWins: number, noWinner = 0): BtCounts {
  return { a, b, aWins, bWins, noWinner };
}

function fittedElo(models: number, pairs: BtCounts[]): number[] {
  return eloRatings(fitBradleyTerry(models, pairs));
}

/**
 * Hunter's MM update for Bradley-Terry, γ_i ← W_i / Σ_j n_ij / (γ_i + γ_j), with ties as half a win each:
 * a different algorithm (no derivatives, no linear algebra, no prior) for the same likelihood.
 */
function minorizationMaximization(models: number, pairs: BtCounts[]): number[] {
  let gamma = new Array<number>(models).fill(1);
  for (let iteration = 0; iteration < 100_000; iteration++) {
    const wins = new Array<number>(models).fill(0);
    const denominators = new Array<number>(models).fill(0);
    for (const p of pairs) {
      const n = p.aWins + p.bWins + p.noWinner;
      wins[p.a]! += p.aWins + p.noWinner / 2;
      wins[p.b]! += p.bWins + p.noWinner / 2;
      denominators[p.a]! += n / (gamma[p.a]! + gamma[p.b]!);
      denominators[p.b]! += n / (gamma[p.a]! + gamma[p.b]!);
    }
    const next = wins.map((w, i) => w / denominators[i]!);
    const logMean = next.reduce((s, g) => s + Math.log(g), 0) / models;
    const normalised = next.map((g) => g / Math.exp(logMean));
    const change = Math.max(...normalised.map((g, i) => Math.abs(Math.log(g / gamma[i]!))));
    gamma = normalised;
    if (change < 1e-13) break;
  }
  return eloRatings(gamma.map(Math.log));
}

/**
 * A session's votes drawn from known log strengths: pairs at random, and ties placed so that each pair's
 * expected score (win 1, tie ½) is still the Bradley-Terry probability, so the half-win fit is unbiased.
 */
function generate(theta: number[], votes: number, seed: number, tieShare: number): BtCounts[] {
  const random = seededRandom(seed);
  const k = theta.length;
  const cells = new Map<number, BtCounts>();
  for (let v = 0; v < votes; v++) {
    const a = Math.floor(random() * k);
    let b = Math.floor(random() * (k - 1));
    if (b >= a) b += 1;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const cell = cells.get(lo * k + hi) ?? counts(lo, hi, 0, 0);
    cells.set(lo * k + hi, cell);
    const pLo = 1 / (1 + Math.exp(theta[hi]! - theta[lo]!));
    const tie = tieShare * 2 * Math.min(pLo, 1 - pLo);
    const u = random();
    if (u < tie) cell.noWinner += 1;
    else if (u < tie + pLo - tie / 2) cell.aWins += 1;
    else cell.bWins += 1;
  }
  return [...cells.values()].sort((x, y) => x.a - y.a || x.b - y.b);
}

const KNOWN_THETA = [0.8, 0.35, 0, -0.3, -0.85];

describe('fitBradleyTerry', () => {
  it('rates a model that wins 3 of 4 against another 400·log10(3) above it (with a third model in a chain)', () => {
    // A beats B 3–1, B beats C 3–1, A and C never met: the likelihood splits into two independent pairs.
    const elo = fittedElo(3, [counts(0, 1, 3, 1), counts(1, 2, 3, 1)]);
    const gap = ELO_SCALE * Math.log10(3); // 190.85
    expect(elo[0]! - elo[1]!).toBeCloseTo(gap, 1);
    expect(elo[1]! - elo[2]!).toBeCloseTo(gap, 1);
    expect(elo[1]!).toBeCloseTo(1000, 6);
    expect((elo[0]! + elo[1]! + elo[2]!) / 3).toBeCloseTo(1000, 9);
  });

  it('counts ties and both-bad as half a win each: 2 wins and 2 ties is 3 wins to 1', () => {
    const withTies = fittedElo(3, [counts(0, 1, 2, 0, 2), counts(1, 2, 1, 1)]);
    const withWins = fittedElo(3, [counts(0, 1, 3, 1), counts(1, 2, 1, 1)]);
    withTies.forEach((r, i) => expect(r).toBeCloseTo(withWins[i]!, 6));
    expect(withTies[0]! - withTies[1]!).toBeCloseTo(ELO_SCALE * Math.log10(3), 1);
  });

  it('rates a balanced cycle (each beats the next 2–1) all at exactly 1000', () => {
    const elo = fittedElo(3, [counts(0, 1, 2, 1), counts(1, 2, 2, 1), counts(0, 2, 1, 2)]);
    for (const r of elo) expect(r).toBeCloseTo(1000, 9);
  });

  it('agrees with minorization-maximization to 0.001 Elo on 20,000 generated votes among 5 models', () => {
    const pairs = generate(KNOWN_THETA, 20_000, 2024, 0.3);
    const newton = fittedElo(5, pairs);
    const mm = minorizationMaximization(5, pairs);
    newton.forEach((r, i) => expect(Math.abs(r - mm[i]!)).toBeLessThan(1e-3));
  });

  it('stays finite and ordered when a model won every vote, lost every vote, or never played', () => {
    const elo = fittedElo(4, [counts(0, 1, 12, 0), counts(1, 2, 5, 5), counts(0, 2, 7, 0)]);
    for (const r of elo) expect(Number.isFinite(r)).toBe(true);
    expect(elo[0]).toBeGreaterThan(elo[1]! + 400);
    expect(elo[1]).toBeCloseTo(elo[2]!, 0);
    expect(elo[3]).toBeCloseTo(1000, 0); // no votes: the prior keeps it at the centre
    // Two groups that never met each sit around the centre.
    const apart = fittedElo(4, [counts(0, 1, 3, 1), counts(2, 3, 1, 3)]);
    expect(apart[0]! + apart[1]!).toBeCloseTo(2000, 3);
    expect(apart[0]! - apart[1]!).toBeCloseTo(ELO_SCALE * Math.log10(3), 1);
    expect(apart[3]! - apart[2]!).toBeCloseTo(ELO_SCALE * Math.log10(3), 1);
    // And nothing at all: everyone at 1000.
    expect(fittedElo(3, [])).toEqual([1000, 1000, 1000]);
  });

  it('converges for a record of 30,000 wins to none: refitting from its own answer does not move it', () => {
    const pairs = [counts(0, 1, 30_000, 0), counts(1, 2, 20_000, 10_000, 100)];
    const theta = fitBradleyTerry(3, pairs);
    const again = fitBradleyTerry(3, pairs, theta);
    theta.forEach((t, i) => expect(Math.abs(t - again[i]!)).toBeLessThan(1e-6));
    // The decided pair is at its own odds: 20,050 to 10,050 in half wins.
    expect(theta[1]! - theta[2]!).toBeCloseTo(Math.log(20_050 / 10_050), 3);
    const ratings = rateModels(pairs, 3, 1);
    expect(ratings.map((r) => r.rank)).toEqual([1, 2, 3]);
    for (const r of ratings) expect(Number.isFinite(r.ci.low) && Number.isFinite(r.ci.high)).toBe(true);
  });
});

describe('resampleCounts', () => {
  it('draws a multinomial of the same size: each cell has mean N·p and variance N·p·(1 − p)', () => {
    const pairs = [counts(0, 1, 500, 300, 50), counts(0, 2, 3, 0, 1), counts(1, 2, 140, 6, 0)];
    const cells = pairs.flatMap((p) => [p.aWins, p.bWins, p.noWinner]);
    const total = cells.reduce((s, c) => s + c, 0);
    const uniform = seededUniform(99);
    const draws = Array.from({ length: 4000 }, () => resampleCounts(pairs, uniform).flatMap((p) => [p.aWins, p.bWins, p.noWinner]));
    for (const d of draws) expect(d.reduce((s, c) => s + c, 0)).toBe(total);
    cells.forEach((count, c) => {
      const p = count / total;
      const values = draws.map((d) => d[c]!);
      const mean = values.reduce((s, x) => s + x, 0) / values.length;
      const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1);
      if (count === 0) return expect(values.every((x) => x === 0)).toBe(true);
      expect(Math.abs(mean - total * p)).toBeLessThan(4 * Math.sqrt((total * p * (1 - p)) / values.length));
      expect(variance / (total * p * (1 - p))).toBeGreaterThan(0.9);
      expect(variance / (total * p * (1 - p))).toBeLessThan(1.1);
    });
    // Negative correlation between cells, as a multinomial has: cov = −N·p_i·p_j.
    const mean0 = draws.reduce((s, d) => s + d[0]!, 0) / draws.length;
    const mean1 = draws.reduce((s, d) => s + d[1]!, 0) / draws.length;
    const cov = draws.reduce((s, d) => s + (d[0]! - mean0) * (d[1]! - mean1), 0) / (draws.length - 1);
    expect(cov / (-total * (500 / total) * (300 / total))).toBeGreaterThan(0.85);
    expect(cov / (-total * (500 / total) * (300 / total))).toBeLessThan(1.15);
  });
});

/** The asymptotic standard errors of centred log strengths: √diag of the Laplacian's pseudo-inverse. */
function asymptoticStandardErrors(models: number, pairs: BtCounts[], theta: Float64Array): number[] {
  const m = Array.from({ length: models }, () => new Array<number>(models).fill(1 / models));
  for (const p of pairs) {
    const n = p.aWins + p.bWins + p.noWinner;
    const prob = 1 / (1 + Math.exp(theta[p.b]! - theta[p.a]!));
    const w = n * prob * (1 - prob);
    m[p.a]![p.a]! += w;
    m[p.b]![p.b]! += w;
    m[p.a]![p.b]! -= w;
    m[p.b]![p.a]! -= w;
  }
  // (L + J/K)⁻¹ − J/K is L's pseudo-inverse for a connected graph; invert by Gauss-Jordan.
  const inv = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < models; c++) {
    const pivot = inv[c]![c]!;
    inv[c] = inv[c]!.map((x) => x / pivot);
    for (let r = 0; r < models; r++) if (r !== c) inv[r] = inv[r]!.map((x, j) => x - inv[r]![c]! * inv[c]![j]!);
  }
  return Array.from({ length: models }, (_, i) => Math.sqrt(inv[i]![models + i]! - 1 / models));
}

describe('bootstrap intervals', () => {
  const knownElo = eloRatings(KNOWN_THETA);

  it('cover the strengths the 20,000 votes were drawn from, and rank by non-overlap', () => {
    const pairs = generate(KNOWN_THETA, 20_000, 77, 0.3);
    const ratings = rateModels(pairs, 5, 1234);
    ratings.forEach((r, i) => {
      expect(r.model).toBe(i);
      expect(r.ci.low).toBeLessThan(knownElo[i]!);
      expect(r.ci.high).toBeGreaterThan(knownElo[i]!);
      expect(r.ci.low).toBeLessThan(r.rating);
      expect(r.ci.high).toBeGreaterThan(r.rating);
      expect(r.rank).toBe(1 + ratings.filter((o) => o.ci.low > r.ci.high).length);
    });
    // 0.45 nats apart or more: well separated at 20,000 votes, so the ranks are 1..5 in the known order.
    expect(ratings.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('have about the width of the asymptotic theory (no ties: the likelihood is the whole story)', () => {
    const pairs = generate(KNOWN_THETA, 20_000, 5, 0);
    const theta = fitBradleyTerry(5, pairs);
    const samples = bootstrapRatings(pairs, theta, 8);
    const se = asymptoticStandardErrors(5, pairs, theta);
    samples.forEach((s, i) => {
      const mean = s.reduce((a, x) => a + x, 0) / s.length;
      const sd = Math.sqrt(s.reduce((a, x) => a + (x - mean) ** 2, 0) / (s.length - 1));
      expect(sd / (ELO_PER_NAT * se[i]!)).toBeGreaterThan(0.88);
      expect(sd / (ELO_PER_NAT * se[i]!)).toBeLessThan(1.12);
      expect(Math.abs(mean - eloRatings(theta)[i]!)).toBeLessThan(0.3 * sd);
    });
  });

  it('are the same for the same seed and differ for another; the point ratings do not depend on it', () => {
    const pairs = generate(KNOWN_THETA, 3000, 9, 0.3);
    const first = rateModels(pairs, 5, 42);
    expect(rateModels(pairs, 5, 42)).toEqual(first);
    const other = rateModels(pairs, 5, 43);
    expect(other.map((r) => r.rating)).toEqual(first.map((r) => r.rating));
    expect(other.map((r) => r.ci)).not.toEqual(first.map((r) => r.ci));
  });

  it('share a rank between models whose intervals overlap', () => {
    // A and B equally strong, C far below: A and B overlap (both rank 1), C has both above it (rank 3).
    const pairs = [counts(0, 1, 100, 100), counts(0, 2, 180, 20), counts(1, 2, 180, 20)];
    const ranks = rateModels(pairs, 3, 7).map((r) => r.rank);
    expect(ranks).toEqual([1, 1, 3]);
  });
});
