// "About N more votes to separate these two" (design §7). If the decided win rate p̂ holds, the Wilson interval
// of p̂ over n decided votes leaves out ½ exactly when the score test rejects ½: |p̂ − ½| > z·√(¼ / n), that is
// n > z² / (4·(p̂ − ½)²). More votes of every kind come in at the current share of decided ones.
import { excludesHalf, wilsonInterval, Z95 } from './wilson';

/** Would `decided` decided votes at win rate `rate` give an interval without ½? The rule itself, by Wilson. */
function separates(rate: number, decided: number): boolean {
  return decided > 0 && excludesHalf(wilsonInterval(rate * decided, decided));
}

/**
 * The fewest more votes (of all kinds) for wins out of decided (of votes in all) to separate from ½ at the
 * current rates: 0 when they already do; null when no number would (a rate of exactly ½, or nothing decided).
 */
export function moreVotesNeeded(wins: number, decided: number, votes: number): number | null {
  if (decided === 0 || 2 * wins === decided) return null;
  const rate = wins / decided;
  if (separates(rate, decided)) return 0;
  const share = decided / votes;
  const needed = (Z95 * Z95) / (4 * (rate - 0.5) ** 2);
  // The closed form, then nudged to agree with the interval itself where rounding puts it on the boundary.
  let more = Math.max(1, Math.floor((needed - decided) / share) + 1);
  while (more > 1 && separates(rate, decided + (more - 1) * share)) more -= 1;
  while (!separates(rate, decided + more * share)) more += 1;
  return more;
}
