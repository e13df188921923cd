// The steps of a run of a prompt set through a session: which prompt comes when, and which steps are hidden
// repeats (the same prompt again, later, with the sides swapped by the session, to measure how consistent the
// rater is). A pure function of the set, the options and the seed: the session records the seed, so the plan
// can be made again after a restart and gives the same steps.
//
// The rule:
//  1. The chosen prompts are the set's items whose category is one of `categories` (all items when it is empty),
//     in file order, or shuffled (Fisher–Yates with seededUniform(seed), random/seeded-uniform.ts) when `shuffle` is set.
//  2. With n chosen prompts, r = round(repeatShare × n) of them are repeated (at least 1 when repeatShare > 0
//     and n ≥ 2; at most n − 1; none for a single prompt).
//  3. Each repeat comes at least `gap` steps after its original: gap = min(5, max(2, ⌈n / 2⌉), n − r + 1).
//     5 (MIN_REPEAT_GAP) for a set of 9 prompts or more; half a smaller set (at least 2); and never more than
//     n − r + 1, which is what leaves r prompts with room after them. (So a repeat never directly follows its
//     original when n ≥ 2.)
//  4. The repeated prompts are drawn at random among the chosen ones that have `gap − 1` or more prompts after
//     them (the last few cannot come back far enough later). Each repeat is placed after a random one of the
//     original prompts from `gap − 1` places after its own to the last; repeats placed after the same prompt
//     come in random order. Counted in steps, inserted repeats only push a repeat further from its original, so
//     `step − repeatOf ≥ gap` holds for every repeat.
//  Random draws, in order: the shuffle (if any), the prompts to repeat, each one's place, the order of each group.
import { ServiceError } from '../../shared/errors';
import type { PromptSetItem } from '../../shared/prompt-sets';
import { seededUniform } from '../random/seeded-uniform';
import { randomBelow, shuffleInPlace } from './draws';

export const MIN_REPEAT_GAP = 5;

export interface RunPlanOptions {
  /** Only items of these categories; empty: every item. */
  categories: readonly string[];
  shuffle: boolean;
  /** The share of the chosen prompts shown again later (0 to 1; the contract allows up to MAX_REPEAT_SHARE). */
  repeatShare: number;
  /** Any number; used as an unsigned 32-bit integer. */
  seed: number;
}

export interface RunPlanStep {
  /** The index of the prompt in the set's items. */
  item: number;
  /** For a hidden repeat, the step (index in the plan) of its original, always earlier; null otherwise. */
  repeatOf: number | null;
}

/** How many of n chosen prompts are repeated. */
export function repeatCount(count: number, repeatShare: number): number {
  if (!(repeatShare > 0) || count < 2) return 0;
  return Math.min(count - 1, Math.max(1, Math.round(Math.min(repeatShare, 1) * count)));
}

/** The least number of steps between a prompt and its repeat, for n chosen prompts of which r are repeated. */
export function repeatGap(count: number, repeats: number): number {
  return Math.max(1, Math.min(MIN_REPEAT_GAP, Math.max(2, Math.ceil(count / 2)), count - repeats + 1));
}

export function planRun(items: readonly PromptSetItem[], options: RunPlanOptions): RunPlanStep[] {
  const wanted = new Set(options.categories);
  const chosen = items.flatMap((item, index) => (wanted.size === 0 || wanted.has(item.category) ? [index] : []));
  if (chosen.length === 0) {
    if (items.length === 0) throw new ServiceError('invalid-request', 'This prompt set has no prompts: import a file with prompts in it.');
    const named = [...wanted].map((category) => (category === '' ? '(no category)' : `"${category}"`)).join(', ');
    throw new ServiceError(
      'invalid-request',
      `None of this set's prompts is in the chosen ${wanted.size === 1 ? 'category' : 'categories'} (${named}). Choose categories the set has, or none to run all of its prompts.`,
    );
  }
  const random = seededUniform(options.seed);
  const order = options.shuffle ? shuffleInPlace(chosen, random) : chosen;
  const count = order.length;
  const repeats = repeatCount(count, options.repeatShare);
  const gap = repeatGap(count, repeats);

  // Positions in `order` that can be repeated (room for gap − 1 prompts after them), r of them drawn.
  const candidates = Array.from({ length: Math.max(0, count - gap + 1) }, (_, position) => position);
  for (let i = 0; i < repeats; i += 1) {
    const j = i + randomBelow(random, candidates.length - i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  /** after[q]: the positions whose repeat follows the prompt at position q. */
  const after: number[][] = Array.from({ length: count }, () => []);
  for (const position of candidates.slice(0, repeats)) {
    const earliest = position + gap - 1;
    after[earliest + randomBelow(random, count - earliest)]!.push(position);
  }

  const steps: RunPlanStep[] = [];
  const stepOf: number[] = [];
  order.forEach((item, position) => {
    stepOf[position] = steps.length;
    steps.push({ item, repeatOf: null });
    for (const original of shuffleInPlace(after[position]!, random)) steps.push({ item: order[original]!, repeatOf: stepOf[original]! });
  });
  return steps;
}
