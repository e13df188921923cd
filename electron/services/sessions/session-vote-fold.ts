// The votes of a session's index (session-index.ts): each kept small (VoteEntry) with its record's JSON in text
// blocks, folded into one effective vote per comparison (the last not undone, later edits applied), and the order
// they were cast in (undo takes the last). Comparisons are known here by their number in the index.
import type { Verdict, VoteRecord } from '../../shared/sessions';
import { VERDICTS } from '../../shared/sessions';
import { checkLengths, type IndexColumns, type IndexMeta, type VoteEntry } from './session-index-data';
import { TextBlocks, type TextBlocksSnapshot } from './session-text';

type VoteColumns = Pick<IndexColumns, 'latestVote' | 'effective' | 'voteCategory' | 'voteItem' | 'voteUndone' | 'voteComparison' | 'votePrevious'>;

export class VoteFold {
  /** Comparisons with an effective vote. */
  count = 0;
  private readonly byId = new Map<string, VoteEntry>();
  private readonly text = new TextBlocks(1);
  /** One string per category in use (the votes share them). */
  private readonly categories = new Map<string, string>();
  /** Votes in the order cast, for "undo the last vote". */
  private readonly order: VoteEntry[] = [];
  /** Per comparison: its last vote (earlier ones linked from it), and the effective one. */
  private readonly latest: (VoteEntry | null)[] = [];
  private readonly effective: (VoteEntry | null)[] = [];

  /** A comparison was indexed: it has no vote yet. */
  addComparison(): void {
    this.latest.push(null);
    this.effective.push(null);
  }

  get(voteId: string): VoteEntry | undefined {
    return this.byId.get(voteId);
  }

  /** A vote on comparison number `comparison` (-1: a stray vote found in a file, kept but folded nowhere). */
  add(vote: VoteRecord, comparison: number, json: string): void {
    const entry: VoteEntry = {
      id: vote.id,
      verdict: VERDICTS[VERDICTS.indexOf(vote.verdict)] ?? vote.verdict,
      comment: vote.comment,
      category: this.shared(vote.category),
      edited: null,
      item: this.text.add([json]),
      undone: false,
      comparison,
      previous: comparison < 0 ? null : this.latest[comparison]!,
      order: this.order.length,
    };
    this.byId.set(vote.id, entry);
    this.order.push(entry);
    if (comparison < 0) return;
    this.latest[comparison] = entry;
    this.refold(comparison);
  }

  undo(voteId: string): void {
    const entry = this.byId.get(voteId);
    if (!entry || entry.undone) return;
    entry.undone = true;
    if (entry.comparison >= 0) this.refold(entry.comparison);
  }

  edit(voteId: string, comment: string | undefined, category: string | undefined): void {
    const entry = this.byId.get(voteId);
    if (!entry) return;
    // A VoteRecord handed out earlier stays as it was when it was handed out: each is a new object.
    if (comment !== undefined) entry.comment = comment;
    if (category !== undefined) entry.category = this.shared(category);
    entry.edited = { ...entry.edited, ...(comment !== undefined && { comment }), ...(category !== undefined && { category }) };
  }

  /** The effective vote of comparison `i`, as the filters read it; null if none. */
  effectiveAt(i: number): VoteEntry | null {
    return this.effective[i] ?? null;
  }

  /** The effective vote of comparison `i` as its record (a new object each time); null if none. */
  effectiveRecord(i: number): VoteRecord | null {
    const entry = this.effective[i];
    return entry ? this.record(entry) : null;
  }

  /** Whether any vote was recorded for comparison `i`, even one undone since. */
  everVotedAt(i: number): boolean {
    return (this.latest[i] ?? null) !== null;
  }

  last(): VoteRecord | null {
    for (let k = this.order.length - 1; k >= 0; k -= 1) {
      const entry = this.order[k]!;
      if (!entry.undone) return this.record(entry);
    }
    return null;
  }

  /** The vote's record as it stands (edits applied): a new object each time. */
  private record(entry: VoteEntry): VoteRecord {
    const vote = JSON.parse(this.text.field(entry.item, 0)) as VoteRecord;
    return entry.edited === null ? vote : { ...vote, ...entry.edited };
  }

  private shared(category: string): string {
    const known = this.categories.get(category);
    if (known !== undefined) return known;
    this.categories.set(category, category);
    return category;
  }

  private refold(comparison: number): void {
    const before = this.effective[comparison] !== null;
    let entry: VoteEntry | null = this.latest[comparison]!;
    while (entry !== null && entry.undone) entry = entry.previous;
    this.effective[comparison] = entry;
    this.count += Number(entry !== null) - Number(before);
  }

  // ─── snapshots ──────────────────────────────────────────────────────────────────────────────────────────────

  /** The votes as data, for the index's snapshot: what is still to change (their folding, edits) is copied. */
  snapshot(): { meta: IndexMeta['votes']; columns: VoteColumns; text: TextBlocksSnapshot } {
    const orderOf = (entry: VoteEntry | null | undefined): number => entry?.order ?? -1;
    const votes = this.order;
    const categoryNumbers = new Map<string, number>();
    const voteCategory = new Int32Array(votes.length);
    const edited: [number, { comment?: string; category?: string }][] = [];
    votes.forEach((entry, k) => {
      let number = categoryNumbers.get(entry.category);
      if (number === undefined) categoryNumbers.set(entry.category, (number = categoryNumbers.size));
      voteCategory[k] = number;
      if (entry.edited !== null) edited.push([k, { ...entry.edited }]);
    });
    return {
      meta: { ids: votes.map((v) => v.id), verdicts: votes.map((v) => v.verdict), comments: votes.map((v) => v.comment), categories: [...categoryNumbers.keys()], edited },
      columns: {
        latestVote: Int32Array.from(this.latest, orderOf),
        effective: Int32Array.from(this.effective, orderOf),
        voteCategory,
        voteItem: Int32Array.from(votes, (v) => v.item),
        voteUndone: Uint8Array.from(votes, (v) => Number(v.undone)),
        voteComparison: Int32Array.from(votes, (v) => v.comparison),
        votePrevious: Int32Array.from(votes, (v) => orderOf(v.previous)),
      },
      text: this.text.snapshot(),
    };
  }

  /** Votes from a snapshot of an index of `n` comparisons; throws when its parts do not fit together. */
  restore(meta: IndexMeta['votes'], c: VoteColumns, text: TextBlocksSnapshot, n: number, count: number): void {
    const votes = meta.ids.length;
    const lengths: [string, number, number][] = [
      ['latestVote', c.latestVote.length, n],
      ['effective', c.effective.length, n],
      ['verdicts', meta.verdicts.length, votes],
      ['comments', meta.comments.length, votes],
      ['voteCategory', c.voteCategory.length, votes],
      ['voteItem', c.voteItem.length, votes],
      ['voteUndone', c.voteUndone.length, votes],
      ['voteComparison', c.voteComparison.length, votes],
      ['votePrevious', c.votePrevious.length, votes],
      ['voteText', text.count, votes],
    ];
    checkLengths(lengths);
    this.count = count;
    this.text.restore(text);
    for (const category of meta.categories) this.categories.set(category, category);
    const entries: VoteEntry[] = [];
    for (let k = 0; k < votes; k += 1) {
      const previous = c.votePrevious[k]!;
      const verdict = meta.verdicts[k]!;
      const category = meta.categories[c.voteCategory[k]!];
      if (category === undefined || previous >= k) throw new Error(`vote ${k} of the snapshot is inconsistent`);
      const entry: VoteEntry = {
        id: meta.ids[k]!,
        verdict: (VERDICTS[VERDICTS.indexOf(verdict as Verdict)] ?? verdict) as Verdict,
        comment: meta.comments[k]!,
        category,
        edited: null,
        item: c.voteItem[k]!,
        undone: c.voteUndone[k] === 1,
        comparison: c.voteComparison[k]!,
        previous: previous < 0 ? null : entries[previous]!,
        order: k,
      };
      entries.push(entry);
      this.byId.set(entry.id, entry);
      this.order.push(entry);
    }
    for (const [k, edits] of meta.edited) entries[k]!.edited = edits;
    const voteAt = (k: number): VoteEntry | null => {
      if (k < 0) return null;
      const entry = entries[k];
      if (entry === undefined) throw new Error(`the snapshot names vote ${k}, which it does not hold`);
      return entry;
    };
    for (let i = 0; i < n; i += 1) {
      this.latest.push(voteAt(c.latestVote[i]!));
      this.effective.push(voteAt(c.effective[i]!));
    }
  }
}
