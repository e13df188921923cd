// What an open session keeps in memory (design §6): not its records, but an index of them. Per comparison, where
// its line is in the file and what the history list shows and searches (the prompt, both answers, the timings);
// the votes folded into one effective vote per comparison; the server records; the name and settings after
// their changes. A 100,000-comparison session stays within the main process's memory budget this way, and
// anything else is read back from the file by offset. Pure: the store feeds it records as it reads or appends them.
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
import type { SideOutcome } from '../../shared/compare';

/** One side of a comparison, as the history shows it. */
export interface SideEntry {
  /** The whole answer: searched, and cut to a preview for the list. */
  content: string;
  outcome: SideOutcome['kind'];
  ttftMs: number | null;
  decodeTokensPerS: number | null;
  e2eMs: number | null;
  outputTokens: number | null;
}

export interface VoteEntry {
  /** The vote as it stands: the recorded vote with later edits of its comment and category applied. */
  vote: VoteRecord;
  undone: boolean;
}

export interface ComparisonEntry {
  id: string;
  conversationId: string;
  turn: number;
  at: string;
  /** Its line in the file. */
  offset: number;
  byteLength: number;
  mapping: Record<Side, ModelIndex>;
  blind: boolean;
  userMessage: string;
  sides: Record<Side, SideEntry>;
  /** Every vote cast on it, in order; the effective one is the last not undone. */
  votes: VoteEntry[];
  effective: VoteEntry | null;
}

/** A record's line in the file, for streaming the valid records again without the corrupt ones. */
export interface LineRange {
  offset: number;
  byteLength: number;
}

function sideEntry(side: ComparisonRecord['sides'][Side]): SideEntry {
  const { timings } = side.outcome;
  return {
    content: side.content,
    outcome: side.outcome.kind,
    ttftMs: timings.ttftMs,
    decodeTokensPerS: timings.decodeTokensPerS,
    e2eMs: timings.e2eMs,
    outputTokens: timings.outputTokens,
  };
}

export class SessionIndex {
  name: string;
  settings: SessionSettings;
  updatedAt: string;
  voteCount = 0;
  readonly comparisons: ComparisonEntry[] = [];
  /** Every valid record's line, in file order. */
  readonly lines: LineRange[] = [];
  private readonly byId = new Map<string, ComparisonEntry>();
  private readonly votes = new Map<string, VoteEntry & { comparison: ComparisonEntry | undefined }>();
  /** Votes in the order cast, for "undo the last vote". */
  private readonly voteOrder: VoteEntry[] = [];
  private readonly servers = new Map<string, ServerRecord>();
  private readonly latest: [ServerRecord | null, ServerRecord | null] = [null, null];

  constructor(
    readonly header: SessionHeaderRecord,
    headerLine: LineRange,
  ) {
    this.name = header.name;
    this.settings = header.settings;
    this.updatedAt = header.at;
    this.lines.push(headerLine);
  }

  /**
   * Why `record` cannot be appended to this session now (a wrong reference, a second header), or null. Loading
   * is lenient instead: a stray reference in a file is ignored, not a reason to lose the session.
   */
  refusal(record: SessionRecord): string | null {
    switch (record.type) {
      case 'session':
        return 'the session already has its header';
      case 'comparison':
        return this.byId.has(record.id) ? `comparison ${record.id} is already recorded` : null;
      case 'vote':
        return this.byId.has(record.comparisonId) ? null : `comparison ${record.comparisonId} is not in this session`;
      case 'undo': {
        const entry = this.votes.get(record.voteId);
        return !entry ? `vote ${record.voteId} is not in this session` : entry.undone ? `vote ${record.voteId} is already undone` : null;
      }
      case 'edit':
        return this.votes.has(record.voteId) ? null : `vote ${record.voteId} is not in this session`;
      default:
        return null;
    }
  }

  /** Folds one record in (the header excepted: it made the index). */
  add(record: SessionRecord, line: LineRange): void {
    this.lines.push(line);
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
        this.latest[record.model] = record;
        return;
      case 'comparison':
        return this.addComparison(record, line);
      case 'vote':
        return this.addVote(record);
      case 'undo':
        return this.undo(record.voteId);
      case 'edit':
        return this.edit(record.voteId, record.comment, record.category);
      case 'session':
        throw new Error('a second session header');
    }
  }

  private addComparison(record: ComparisonRecord, line: LineRange): void {
    if (this.byId.has(record.id)) throw new Error(`comparison ${record.id} is recorded twice`);
    const entry: ComparisonEntry = {
      id: record.id,
      conversationId: record.conversationId,
      turn: record.turn,
      at: record.at,
      offset: line.offset,
      byteLength: line.byteLength,
      mapping: record.mapping,
      blind: record.blind,
      userMessage: record.userMessage,
      sides: { left: sideEntry(record.sides.left), right: sideEntry(record.sides.right) },
      votes: [],
      effective: null,
    };
    this.comparisons.push(entry);
    this.byId.set(entry.id, entry);
  }

  private addVote(vote: VoteRecord): void {
    const comparison = this.byId.get(vote.comparisonId);
    const entry = { vote, undone: false, comparison };
    this.votes.set(vote.id, entry);
    this.voteOrder.push(entry);
    if (!comparison) return;
    comparison.votes.push(entry);
    this.refold(comparison);
  }

  private undo(voteId: string): void {
    const entry = this.votes.get(voteId);
    if (!entry || entry.undone) return;
    entry.undone = true;
    if (entry.comparison) this.refold(entry.comparison);
  }

  private edit(voteId: string, comment: string | undefined, category: string | undefined): void {
    const entry = this.votes.get(voteId);
    if (!entry) return;
    // A new object: a VoteRecord handed out earlier stays as it was when it was handed out.
    entry.vote = { ...entry.vote, ...(comment !== undefined && { comment }), ...(category !== undefined && { category }) };
  }

  private refold(comparison: ComparisonEntry): void {
    const before = comparison.effective !== null;
    comparison.effective = comparison.votes.findLast((v) => !v.undone) ?? null;
    this.voteCount += Number(comparison.effective !== null) - Number(before);
  }

  comparison(id: string): ComparisonEntry | undefined {
    return this.byId.get(id);
  }

  voteOf(comparisonId: string): VoteRecord | null {
    return this.byId.get(comparisonId)?.effective?.vote ?? null;
  }

  lastVote(): VoteRecord | null {
    for (let i = this.voteOrder.length - 1; i >= 0; i -= 1) {
      const entry = this.voteOrder[i]!;
      if (!entry.undone) return entry.vote;
    }
    return null;
  }

  server(id: string): ServerFacts | null {
    return this.servers.get(id)?.facts ?? null;
  }

  latestServer(model: ModelIndex): { id: string; facts: ServerFacts } | null {
    const record = this.latest[model];
    return record ? { id: record.id, facts: record.facts } : null;
  }

  /** The comparisons of one conversation, in file order. */
  conversation(conversationId: string): ComparisonEntry[] {
    return this.comparisons.filter((c) => c.conversationId === conversationId);
  }

  /** The left model of each conversation's first comparison, conversations in the order they began. */
  conversationLeftModels(): ModelIndex[] {
    const seen = new Set<string>();
    const left: ModelIndex[] = [];
    for (const c of this.comparisons) {
      if (seen.has(c.conversationId)) continue;
      seen.add(c.conversationId);
      left.push(c.mapping.left);
    }
    return left;
  }
}
