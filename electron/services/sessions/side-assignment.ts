// Which model goes on the left (design §5, issue 9 Blind mode): balanced over a session, yet unpredictable.
// Comparisons come in blocks of two, one with each model on the left, in an order drawn at random for each block:
// after any even number of comparisons each model has been on the left equally often, and no assignment repeats
// more than twice in a row. The draw uses crypto.randomInt: a user who knows the design still cannot tell the
// second comparison of a block from the first.
import { randomInt } from 'node:crypto';
import { modelPairs } from './session-models';

/** Which model of a pair is on the left: 0 the pair's first (lower index), 1 its second. */
export type LeftModel = 0 | 1;

/** The longest run of one assignment the block design allows (…X | X…). */
export const MAX_RUN = 2;

/** What a session must keep to resume its balance after a restart: the rest of the current block. */
export interface SideBalanceState {
  pending: LeftModel[];
}

export class SideBalancer {
  private pending: LeftModel[];

  constructor(
    state: SideBalanceState = { pending: [] },
    private readonly draw: (max: number) => number = randomInt,
  ) {
    this.pending = [...state.pending];
  }

  /** The left model of the next comparison. */
  next(): LeftModel {
    if (this.pending.length === 0) this.pending = this.draw(2) === 0 ? [0, 1] : [1, 0];
    return this.pending.shift()!;
  }

  state(): SideBalanceState {
    return { pending: [...this.pending] };
  }
}

/**
 * The balance as it stands after these left models (one per conversation, in any order): when one model has
 * been on the left more often, the current block is half done and the next left model is the other one.
 * Counting, not looking at the last one, keeps it right when conversations are recorded out of the order they
 * began in. Derived from the session's records, it needs no state of its own to survive a restart.
 */
export function balanceAfter(lefts: readonly LeftModel[]): SideBalanceState {
  const zeros = lefts.filter((left) => left === 0).length;
  const ones = lefts.length - zeros;
  return { pending: zeros === ones ? [] : [zeros < ones ? 0 : 1] };
}

/**
 * Who sits where in a new conversation of a session of `models` models (issue 10): the pair that has met least
 * often so far (a draw among the pairs tied for least, so pair counts never differ by more than one), then its
 * sides by the block design above, over that pair's conversations alone. With two models there is one pair, and
 * this is the block design as it was. `mappings`: each conversation's sides so far, recorded or on their way.
 */
export function drawPlacement(models: number, mappings: readonly Record<'left' | 'right', number>[], draw: (max: number) => number = randomInt): Record<'left' | 'right', number> {
  const counts = new Map<string, number>();
  for (const pair of modelPairs(models)) counts.set(pair.join(','), 0);
  const key = (m: Record<'left' | 'right', number>) => [Math.min(m.left, m.right), Math.max(m.left, m.right)].join(',');
  for (const mapping of mappings) {
    const k = key(mapping);
    if (counts.has(k)) counts.set(k, counts.get(k)! + 1);
  }
  const least = Math.min(...counts.values());
  const candidates = [...counts].filter(([, count]) => count === least).map(([k]) => k.split(',').map(Number) as [number, number]);
  const [a, b] = candidates.length === 1 ? candidates[0]! : candidates[draw(candidates.length)]!;
  const lefts = mappings.filter((m) => key(m) === `${a},${b}`).map((m): LeftModel => (m.left === a ? 0 : 1));
  const left = new SideBalancer(balanceAfter(lefts), draw).next();
  return left === 0 ? { left: a, right: b } : { left: b, right: a };
}
