// When two models count as told apart, and "about N more votes to separate these two" (design §7). One rule for
// both: the exact two-sided sign test of the decided votes at p < SEPARATION_ALPHA. (The Wilson interval shown
// beside it can leave out ½ a little earlier at the extremes, 4 of 4 for one, where the exact test's p is 0.125;
// a verdict must not say "better" next to a p-value that says otherwise.) More votes of every kind come in at the
// current share of decided ones, and the decided ones at the current win rate.
import { signTestP } from './binomial';

/** The sign test's level for "better". */
export const SEPARATION_ALPHA = 0.05;

/** Whether `wins` of `decided` decided votes tell the pair apart. */
export function separated(wins: number, decided: number): boolean {
  const p = signTestP(wins, decided);
  return p !== null && p < SEPARATION_ALPHA;
}

/** Would `decided` decided votes (rounded to whole ones) at win rate `rate` be told apart? */
function separatesAt(rate: number, decided: number): boolean {
  const n = Math.round(decided);
  return n > 0 && separated(Math.round(rate * n), n);
}

/** A linear search looks at no more steps than this (beyond, the bisection's answer stands: it is "about"). */
const SCAN_STEPS = 2000;

/**
 * The fewest more votes (of all kinds) for wins out of decided (of votes in all) to be told apart at the
 * current rates: 0 when they already are; null when no number would (a rate of exactly ½, or nothing decided).
 * At a fixed rate the test's p falls as the votes grow, but not strictly: the projected wins are rounded, so
 * near the threshold "apart" can flip back and forth for a few votes. So the search walks up one vote at a time
 * from a little below where the normal approximation puts the threshold (z²/(4(p̂ − ½)²) decided votes, which the
 * exact test never beats by much), and only for a very small lead falls back to doubling and bisection.
 */
export function moreVotesNeeded(wins: number, decided: number, votes: number): number | null {
  if (decided === 0 || 2 * wins === decided) return null;
  if (separated(wins, decided)) return 0;
  const rate = wins / decided;
  const share = decided / votes;
  const apart = (more: number) => separatesAt(rate, decided + more * share);
  const threshold = (1.959963984540054 ** 2) / (4 * (rate - 0.5) ** 2);
  const from = Math.max(1, Math.floor((0.8 * threshold - decided) / share));
  for (let more = from; more < from + SCAN_STEPS; more += 1) {
    if (apart(more)) return more === from && from > 1 ? bisect(apart, 1, from) : more;
  }
  return bisect(apart, from + SCAN_STEPS, Infinity);
}

/** The smallest `more` ≥ `low` with apart(more), by doubling up to `high` and then bisecting. */
function bisect(apart: (more: number) => boolean, low: number, high: number): number {
  let up = low;
  while (!apart(up) && up < high) up *= 2;
  let down = Math.max(1, Math.floor(up / 2));
  if (apart(down)) return down;
  while (up - down > 1) {
    const middle = Math.floor((down + up) / 2);
    if (apart(middle)) up = middle;
    else down = middle;
  }
  return up;
}
