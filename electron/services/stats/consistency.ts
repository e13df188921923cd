// Rater consistency from hidden repeats: a prompt shown again later with the sides swapped. The answer is
// consistent when the same model is preferred both times, or neither is (a tie and both bad count as the same
// "no winner" answer: the rater saw no difference either way). Preferring the same side both times means, with
// the sides swapped, preferring different models: the rater's own position bias.
import type { Verdict } from '../../shared/sessions';
import type { RaterConsistency } from '../../shared/stats';
import type { StatsFact } from './stats-input';
import { rateEstimate } from './wilson';

type Voted = StatsFact & { verdict: Verdict };

/** The model preferred, or null for no winner. */
function winningModel(fact: Voted): number | null {
  if (fact.verdict === 'left') return fact.left;
  if (fact.verdict === 'right') return fact.right;
  return null;
}

function isVoted(fact: StatsFact | undefined): fact is Voted {
  return fact !== undefined && fact.verdict !== null;
}

/**
 * Pairs each repeat with its original among facts. `consistent` is over every pair whose two halves are voted;
 * `sameSide` over those where both halves have a winner (only those can show a side preferred twice).
 */
export function raterConsistency(facts: readonly StatsFact[], repeats: readonly StatsFact[]): RaterConsistency {
  // Only the originals are looked up: one set lookup per fact rather than a map of every comparison.
  const wanted = new Set(repeats.map((fact) => fact.repeatOf));
  const originals = new Map<string, StatsFact>();
  if (wanted.size > 0) for (const fact of facts) if (wanted.has(fact.comparisonId)) originals.set(fact.comparisonId, fact);
  let pairs = 0;
  let consistent = 0;
  let decidedPairs = 0;
  let sameSide = 0;
  for (const repeat of repeats) {
    const original = originals.get(repeat.repeatOf!);
    if (!isVoted(repeat) || !isVoted(original)) continue;
    pairs += 1;
    const first = winningModel(original);
    const second = winningModel(repeat);
    if (first === second) consistent += 1;
    if (first !== null && second !== null) {
      decidedPairs += 1;
      if (original.verdict === repeat.verdict) sameSide += 1;
    }
  }
  return { pairs, consistent: rateEstimate(consistent, pairs), sameSide: rateEstimate(sameSide, decidedPairs) };
}
