// The seam between the session store (sessions/), the turn and vote flow (sessions/session-service.ts) and the
// exporters (export/): what an open session offers. One implementation: session-store.ts.
import type { SessionIndex } from './session-index';
import type {
  ComparisonRecord,
  ModelIndex,
  HistoryPage,
  HistoryQuery,
  ServerFacts,
  SessionHeaderRecord,
  SessionRecord,
  SessionSettings,
  SessionSummary,
  Side,
  VoteRecord,
} from '../../shared/sessions';

/** A comparison with what the exports need beside it: its effective vote and its servers' facts. */
export interface RatedComparison {
  comparison: ComparisonRecord;
  /** The last vote not undone, with any later edits of its comment and category applied; null if none. */
  vote: VoteRecord | null;
  servers: Record<Side, ServerFacts | null>;
}

export interface RatedOptions {
  /** false: each side's content and reasoning come as '', and history as empty (the exports that do not write answers read far less). */
  answers?: boolean;
}

export interface OpenSession {
  readonly id: string;
  readonly header: SessionHeaderRecord;
  /** The name after renames; the settings after changes. */
  readonly name: string;
  readonly settings: SessionSettings;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * Why this process cannot write the session (another held its lock: the next append asks for it again; it was
   * opened only to be read; its lock was lost), or null.
   */
  readonly readOnly: string | null;
  /** What loading found: a dropped torn line, skipped corrupt lines, read-only and why. */
  readonly notices: string[];
  readonly comparisonCount: number;
  /** Comparisons with an effective vote. */
  readonly voteCount: number;

  /** Validates, appends (fsynced before it resolves) and indexes one record. Throws SessionLogError. */
  append(record: SessionRecord): Promise<void>;
  /** The effective vote of a comparison (null: none, or undone). */
  voteOf(comparisonId: string): VoteRecord | null;
  /** The last vote recorded that is not undone, in the session (what "undo" undoes). */
  lastVote(): VoteRecord | null;
  /** Whether a comparison with this id is recorded. */
  hasComparison(comparisonId: string): boolean;
  /** Whether any vote was ever recorded for the comparison, even one undone since. */
  everVoted(comparisonId: string): boolean;
  /** The full record, read back from the file. */
  comparison(comparisonId: string): Promise<ComparisonRecord | null>;
  /** The comparisons of one conversation, in file order (for reopening, and for the balance of sides). */
  conversation(conversationId: string): Promise<ComparisonRecord[]>;
  /** The facts a server record holds. */
  server(serverId: string): ServerFacts | null;
  /** The latest server record of a model, to decide whether a new one is due. */
  latestServer(model: ModelIndex): { id: string; facts: ServerFacts } | null;
  /** Who was where in each conversation's first comparison, in order (resumes the balance of pairs and sides). */
  conversationMappings(): Record<Side, ModelIndex>[];
  /** The index itself, read only: the statistics and the run's progress read its columns. */
  readonly index: SessionIndex;
  /** The history list, filtered and searched in memory (answers included), newest first. */
  history(query: HistoryQuery): HistoryPage;
  /** Every valid record in file order, streamed from disk (lossless export). */
  records(): AsyncIterable<SessionRecord>;
  /** Every comparison in file order with its vote and servers, streamed from disk (CSV, battles). */
  rated(options?: RatedOptions): AsyncIterable<RatedComparison>;
  summary(): SessionSummary;
}

export interface SessionStoreApi {
  /** Summaries of every session (or of the trash), newest activity first; read without locking or keeping them. */
  list(options?: { trashed?: boolean }): Promise<SessionSummary[]>;
  /** Writes the header record of a new session and opens it. */
  create(header: SessionHeaderRecord): Promise<OpenSession>;
  /** Opens (once per process; later calls return the same object) and loads a session. */
  open(sessionId: string): Promise<OpenSession>;
  /**
   * A session to read only (exports): the one open in this process if it is, else loaded without its lock (a torn
   * tail left alone, nothing written) and not kept.
   */
  openForReading(sessionId: string): Promise<OpenSession>;
  /** Appends a renamed record. */
  rename(sessionId: string, name: string): Promise<SessionSummary>;
  /** Closes the session and moves its file (and nothing else) into the trash folder. */
  trash(sessionId: string): Promise<void>;
  restore(sessionId: string): Promise<SessionSummary>;
  /** Restores a JSONL export; refused when a session with its id exists, unless asCopy (then it gets a new id). */
  import(jsonl: string, options?: { asCopy?: boolean }): Promise<SessionSummary>;
  /** The session Compare was in when the app stopped (null: none), and setting it. */
  current(): Promise<string | null>;
  setCurrent(sessionId: string | null): Promise<void>;
  /** Closes every open session (pending appends written, locks released). */
  close(): Promise<void>;
}
