// Which conversation each comparison of a session's index belongs to (session-index.ts): a number per
// conversation, in the order they began, its first comparison, and a column of conversation numbers per
// comparison. Reopening a conversation and the balance of pairs and sides read it.
import type { IndexColumns, IndexMeta } from './session-index-data';
import { grownInt } from './session-index-data';

export class ConversationIndex {
  private of = new Int32Array(1024);
  private readonly ids: string[] = [];
  /** The first comparison of each conversation, conversations in the order they began. */
  private readonly firsts: number[] = [];
  private readonly numbers = new Map<string, number>();

  /** Comparison number `i` belongs to conversation `conversationId` (a new one if it was not known). */
  add(i: number, conversationId: string): void {
    let conversation = this.numbers.get(conversationId);
    if (conversation === undefined) {
      conversation = this.ids.length;
      this.numbers.set(conversationId, conversation);
      this.ids.push(conversationId);
      this.firsts.push(i);
    }
    this.of = grownInt(this.of, i + 1);
    this.of[i] = conversation;
  }

  /** The conversation id of comparison `i`. */
  idOf(i: number): string {
    return this.ids[this.of[i]!]!;
  }

  /** The numbers of one conversation's comparisons, in file order (`n`: the comparisons so far). */
  comparisons(conversationId: string, n: number): number[] {
    const conversation = this.numbers.get(conversationId);
    const found: number[] = [];
    if (conversation === undefined) return found;
    for (let i = this.firsts[conversation]!; i < n; i += 1) if (this.of[i] === conversation) found.push(i);
    return found;
  }

  /** Each conversation's first comparison, in the order they began. */
  firstComparisons(): readonly number[] {
    return this.firsts;
  }

  snapshot(n: number): { ids: IndexMeta['conversationIds']; columns: Pick<IndexColumns, 'conversationOf' | 'conversationFirst'> } {
    return { ids: this.ids.slice(), columns: { conversationOf: this.of.subarray(0, n), conversationFirst: Int32Array.from(this.firsts) } };
  }

  restore(ids: readonly string[], columns: Pick<IndexColumns, 'conversationOf' | 'conversationFirst'>): void {
    ids.forEach((id, k) => {
      this.ids.push(id);
      this.numbers.set(id, k);
      this.firsts.push(columns.conversationFirst[k]!);
    });
    this.of = columns.conversationOf;
  }
}
