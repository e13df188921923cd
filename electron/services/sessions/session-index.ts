// What an open session keeps in memory (design §6): not its records, but an index of them. Per comparison, where
// its line is in the file and what the history list shows and searches (the prompt, both answers, the timings);
// the votes folded into one effective vote per comparison; the server records; the name and settings after
// their changes. A 100,000-comparison session stays within the main process's memory budget this way, and
// anything else is read back from the file by offset. Pure: the store feeds it records as it reads or appends them.
//
// The comparisons are kept in columns (issue 9: a session of 100,000 loads in well under two seconds), not as one
// object per comparison: numbers and enums in typed arrays, the prompt and answers in big blocks of text
// (session-text.ts), ids and times as plain strings. Hundreds of thousands of small surviving objects and strings
// were what the garbage collector spent most of a load copying; typed arrays and big strings it does not copy.
import type {
  ComparisonRecord,
  ModelIndex,
  ServerFacts,
  ServerRecord,
  SessionHeaderRecord,
  SessionRecord,
  SessionSettings,
  Side,
  VoteRecord,
} from '../../shared/sessions';
import { TextBlocks } from './session-text';
import { RunLedger } from './session-runs';
import { VoteFold } from './session-vote-fold';
import { ConversationIndex } from './session-conversations';
import { SideColumns } from './session-side-columns';
import { modelProblem, recordRefusal } from './session-refusals';
import {
  BLIND,
  EQUAL_REVEAL,
  FIELD_OF_SIDE,
  FIELD_PROMPT,
  grownBytes,
  grownFloat,
  checkLengths,
  LineList,
  type ComparisonEntry,
  type F64,
  type IndexSnapshot,
  type LineRange,
  type LineRanges,
  type SideEntry,
  type VoteEntry,
} from './session-index-data';

// Their types are part of the index's interface: importers keep importing them from here.
export type { ComparisonEntry, IndexColumns, IndexMeta, IndexSnapshot, LineRange, LineRanges, SideEntry, VoteEntry } from './session-index-data';

export class SessionIndex {
  name: string;
  settings: SessionSettings;
  updatedAt: string;
  /** Every valid record's line, in file order. */
  private readonly lines = new LineList();

  // The comparisons, column by column (n of them; the typed arrays grow ahead).
  private n = 0;
  private readonly ids: string[] = [];
  private readonly ats: string[] = [];
  private readonly byId = new Map<string, number>();
  private readonly conversations = new ConversationIndex();
  private turns = new Float64Array(1024);
  private offsets = new Float64Array(1024);
  private byteLengths = new Float64Array(1024);
  private flags = new Uint8Array(1024);
  /** Per comparison and side: the model, the outcome's kind, the timings. */
  private readonly sides = new SideColumns();
  private readonly text = new TextBlocks(3);
  /** The votes, folded per comparison. */
  private readonly votes = new VoteFold();
  private readonly servers = new Map<string, ServerRecord>();
  private readonly latest: (ServerRecord | null)[];
  /** Prompt set runs, and what each comparison brought from its prompt set. */
  readonly runs = new RunLedger();

  constructor(
    readonly header: SessionHeaderRecord,
    headerLine: LineRange,
  ) {
    this.name = header.name;
    this.latest = header.models.map(() => null);
    this.settings = header.settings;
    this.updatedAt = header.at;
    this.lines.push(headerLine.offset, headerLine.byteLength);
  }

  /** Why `record` cannot be appended to this session now, or null (session-refusals.ts). */
  refusal(record: SessionRecord): string | null {
    return recordRefusal(this, record);
  }

  /** A record naming a model the session does not have, or null (checked on load too). */
  modelProblem(record: SessionRecord): string | null {
    return modelProblem(this.header, record);
  }

  /** A vote as the index keeps it, by its id. */
  vote(voteId: string): VoteEntry | undefined {
    return this.votes.get(voteId);
  }

  /** Folds one record in (the header excepted: it made the index); `json`: its line's text, when there is one. */
  add(record: SessionRecord, line: LineRange, json?: string): void {
    if (record.type === 'session') throw new Error('a second session header');
    if (record.type === 'comparison' && this.byId.has(record.id)) throw new Error(`comparison ${record.id} is recorded twice`);
    this.lines.push(line.offset, line.byteLength);
    if (record.at > this.updatedAt) this.updatedAt = record.at;
    switch (record.type) {
      case 'settings':
        this.settings = record.settings;
        return;
      case 'renamed':
        this.name = record.name;
        return;
      case 'server':
        this.servers.set(record.id, record);
        if (record.model < this.latest.length) this.latest[record.model] = record;
        return;
      case 'run':
        return this.runs.addRun(record);
      case 'skip':
        return this.runs.addSkip(record);
      case 'comparison':
        return this.addComparison(record, line);
      case 'vote':
        return this.votes.add(record, this.byId.get(record.comparisonId) ?? -1, json ?? JSON.stringify(record));
      case 'undo':
        return this.votes.undo(record.voteId);
      case 'edit':
        return this.votes.edit(record.voteId, record.comment, record.category);
    }
  }

  private reserve(needed: number): void {
    this.turns = grownFloat(this.turns, needed);
    this.offsets = grownFloat(this.offsets, needed);
    this.byteLengths = grownFloat(this.byteLengths, needed);
    this.flags = grownBytes(this.flags, needed);
  }

  private addComparison(record: ComparisonRecord, line: LineRange): void {
    const i = this.n;
    this.reserve(i + 1);
    this.conversations.add(i, record.conversationId);
    this.ids.push(record.id);
    this.ats.push(record.at);
    this.byId.set(record.id, i);
    this.turns[i] = record.turn;
    this.offsets[i] = line.offset;
    this.byteLengths[i] = line.byteLength;
    this.flags[i] = (record.blind ? BLIND : 0) | (record.equalReveal ? EQUAL_REVEAL : 0);
    this.sides.set(i, record);
    this.runs.addComparison(i, record);
    this.text.add([record.userMessage, record.sides.left.content, record.sides.right.content]);
    this.votes.addComparison();
    this.n += 1;
  }

  // ─── snapshots ──────────────────────────────────────────────────────────────────────────────────────────────

  /** The index as data, for a snapshot file: what is still to change (votes, their folding) is copied. */
  snapshot(): IndexSnapshot {
    const n = this.n;
    const votes = this.votes.snapshot();
    const conversations = this.conversations.snapshot(n);
    const lines = this.lines.snapshot();
    return {
      meta: {
        header: this.header,
        name: this.name,
        settings: this.settings,
        updatedAt: this.updatedAt,
        voteCount: this.voteCount,
        ids: this.ids.slice(0, n),
        ats: this.ats.slice(0, n),
        conversationIds: conversations.ids,
        servers: [...this.servers.values()],
        latest: [...this.latest],
        runs: this.runs.snapshot(),
        votes: votes.meta,
      },
      columns: {
        lineOffsets: lines.offsets as F64,
        lineLengths: lines.byteLengths as F64,
        ...conversations.columns,
        turns: this.turns.subarray(0, n),
        offsets: this.offsets.subarray(0, n),
        byteLengths: this.byteLengths.subarray(0, n),
        flags: this.flags.subarray(0, n),
        ...this.sides.snapshot(n),
        ...votes.columns,
      },
      text: this.text.snapshot(),
      voteText: votes.text,
    };
  }

  /** An index from a snapshot; throws when its parts do not fit together (the caller then reads the file instead). */
  static fromSnapshot(snapshot: IndexSnapshot): SessionIndex {
    const index = new SessionIndex(snapshot.meta.header, { offset: 0, byteLength: 0 });
    index.restore(snapshot);
    return index;
  }

  private restore({ meta, columns: c, text, voteText }: IndexSnapshot): void {
    const n = meta.ids.length;
    const lengths: [string, number, number][] = [
      ['ats', meta.ats.length, n],
      ['conversationOf', c.conversationOf.length, n],
      ['turns', c.turns.length, n],
      ['offsets', c.offsets.length, n],
      ['byteLengths', c.byteLengths.length, n],
      ['flags', c.flags.length, n],
      ...SideColumns.lengths(c, n),
      ['latest', meta.latest.length, this.latest.length],
      ['text', text.count, n],
      ['conversationFirst', c.conversationFirst.length, meta.conversationIds.length],
    ];
    checkLengths(lengths);
    this.name = meta.name;
    this.settings = meta.settings;
    this.updatedAt = meta.updatedAt;
    this.lines.restore(c.lineOffsets, c.lineLengths);
    this.n = n;
    for (let i = 0; i < n; i += 1) {
      const id = meta.ids[i]!;
      this.ids.push(id);
      this.ats.push(meta.ats[i]!);
      this.byId.set(id, i);
    }
    this.conversations.restore(meta.conversationIds, c);
    this.turns = c.turns;
    this.offsets = c.offsets;
    this.byteLengths = c.byteLengths;
    this.flags = c.flags;
    this.sides.restore(c);
    this.text.restore(text);
    this.votes.restore(meta.votes, c, voteText, n, meta.voteCount);
    for (const record of meta.servers) this.servers.set(record.id, record);
    meta.latest.forEach((record, model) => (this.latest[model] = record));
    this.runs.restore(meta.runs);
  }

  // ─── reading ──────────────────────────────────────────────────────────────────────────────────────────────

  get comparisonCount(): number {
    return this.n;
  }

  /** Comparisons with an effective vote. */
  get voteCount(): number {
    return this.votes.count;
  }

  /** The number of a comparison (0: the file's first), or -1. */
  numberOf(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** Whether a comparison with this id is recorded. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The ids of every comparison, in file order. */
  comparisonIds(): string[] {
    return this.ids.slice();
  }

  /** Comparison `i` as the history shows it. */
  entry(i: number): ComparisonEntry {
    if (!(i >= 0 && i < this.n)) throw new RangeError(`there is no comparison ${i}`);
    return {
      index: i,
      id: this.ids[i]!,
      conversationId: this.conversations.idOf(i),
      turn: this.turns[i]!,
      at: this.ats[i]!,
      offset: this.offsets[i]!,
      byteLength: this.byteLengths[i]!,
      mapping: { left: this.modelOn(i, 'left'), right: this.modelOn(i, 'right') },
      blind: this.isBlind(i),
      equalReveal: (this.flags[i]! & EQUAL_REVEAL) !== 0,
      userMessage: this.text.field(i, FIELD_PROMPT),
      sides: { left: this.sideOf(i, 'left'), right: this.sideOf(i, 'right') },
      effective: this.votes.effectiveAt(i),
    };
  }

  /** One side of comparison `i`: its outcome kind and the timings the history shows. */
  sideOf(i: number, side: Side): SideEntry {
    return this.sides.sideOf(i, side);
  }

  /** The model that answered on `side` of comparison `i`. */
  modelOn(i: number, side: Side): ModelIndex {
    return this.sides.modelOn(i, side);
  }

  isBlind(i: number): boolean {
    return (this.flags[i]! & BLIND) !== 0;
  }

  /** Whether comparison `i` has an effective vote. */
  votedAt(i: number): boolean {
    return this.votes.effectiveAt(i) !== null;
  }

  idAt(i: number): string {
    return this.ids[i]!;
  }

  /** Whether any vote was recorded for comparison `i`, even one undone since. */
  everVotedAt(i: number): boolean {
    return this.votes.everVotedAt(i);
  }

  /** Whether any vote was recorded for the comparison, even one undone since. */
  everVoted(comparisonId: string): boolean {
    const i = this.byId.get(comparisonId);
    return i !== undefined && this.everVotedAt(i);
  }

  /** The effective vote of comparison `i` (the last not undone, with its edits), as the filters read it; null if none. */
  effectiveVote(i: number): VoteEntry | null {
    return this.votes.effectiveAt(i);
  }

  /** The effective vote of comparison `i` as its record (a new object each time); null if none. */
  effectiveRecord(i: number): VoteRecord | null {
    return this.votes.effectiveRecord(i);
  }

  /** A side's whole answer. */
  content(i: number, side: Side): string {
    return this.text.field(i, FIELD_OF_SIDE[side]);
  }

  /** The first `chars` characters of a side's answer. */
  preview(i: number, side: Side, chars: number): string {
    return this.text.preview(i, FIELD_OF_SIDE[side], chars);
  }

  /** Marks in `hits` (one byte per comparison) the comparisons with `query` in the prompt or an answer, case-insensitively. */
  searchText(query: string, hits: Uint8Array): void {
    this.text.search(query, hits);
  }

  /** A comparison's line in the file. */
  rangeOf(id: string): LineRanges | null {
    const i = this.byId.get(id);
    if (i === undefined) return null;
    return { offsets: this.offsets.subarray(i, i + 1), byteLengths: this.byteLengths.subarray(i, i + 1) };
  }

  /** Every comparison's line, in file order. */
  comparisonRanges(): LineRanges {
    return { offsets: this.offsets.subarray(0, this.n), byteLengths: this.byteLengths.subarray(0, this.n) };
  }

  /** Every valid record's line, in file order (the header's first). */
  lineRanges(): LineRanges {
    return this.lines.snapshot();
  }

  voteOf(comparisonId: string): VoteRecord | null {
    const i = this.byId.get(comparisonId);
    return i === undefined ? null : this.effectiveRecord(i);
  }

  lastVote(): VoteRecord | null {
    return this.votes.last();
  }

  server(id: string): ServerFacts | null {
    return this.servers.get(id)?.facts ?? null;
  }

  latestServer(model: ModelIndex): { id: string; facts: ServerFacts } | null {
    const record = this.latest[model] ?? null;
    return record ? { id: record.id, facts: record.facts } : null;
  }

  /** The numbers of the comparisons of one conversation, in file order. */
  conversation(conversationId: string): number[] {
    return this.conversations.comparisons(conversationId, this.n);
  }

  /** The lines of one conversation's comparisons, in file order. */
  conversationRanges(conversationId: string): LineRanges {
    const found = this.conversation(conversationId);
    return { offsets: Float64Array.from(found, (i) => this.offsets[i]!), byteLengths: Float64Array.from(found, (i) => this.byteLengths[i]!) };
  }

  /** Who was where in each conversation's first comparison, conversations in the order they began. */
  conversationMappings(): Record<Side, ModelIndex>[] {
    return this.conversations.firstComparisons().map((i) => ({ left: this.modelOn(i, 'left'), right: this.modelOn(i, 'right') }));
  }
}
