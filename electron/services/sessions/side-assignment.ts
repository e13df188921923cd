// Which model goes on the left (design §5, issue 9 Blind mode): balanced over a session, yet unpredictable.
// Comparisons come in blocks of two, one with each model on the left, in an order drawn at random for each block:
// after any even number of comparisons each model has been on the left equally often, and no assignment repeats
// more than twice in a row. The draw uses crypto.randomInt: a user who knows the design still cannot tell the
// second comparison of a block from the first.
import { randomInt } from 'node:crypto';

/** Which of the session's two models (by its position in the session) is on the left. */
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
