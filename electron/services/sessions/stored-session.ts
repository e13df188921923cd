// One session file opened by this process (design §6): its log (the lock, fsynced appends) and its in-memory index.
// Whole records are never kept: a comparison is read back from the file by the offset the index holds, and the
// exports stream the file again in chunks. The index is loaded from its snapshot (`<id>.index`, session-snapshot.ts)
// when that fits the file, and only the records after it are parsed; a writer keeps a running hash of the bytes it
// has indexed, so a new snapshot (after a load that parsed many records, and at close) costs no second read.
import type { Hash } from 'node:crypto';
import { ServiceError } from '../../shared/errors';
import type { ComparisonRecord, HistoryPage, HistoryQuery, ModelIndex, ServerFacts, SessionRecord, SessionSummary, Side, VoteRecord } from '../../shared/sessions';
import type { CorruptLine, ReadAt } from './jsonl-lines';
import { historyPage } from './session-history';
import { SessionIndex } from './session-index';
import { SessionLog, SessionLogError, type LogOpenOptions, type LogVisitor, type ScanStart } from './session-log';
import { hashPrefix, openSnapshot, prefixHash, snapshotPathOf, writeSnapshot, type SnapshotCover } from './session-snapshot';
import { checkStoredRecord, parseSessionHeader, parseSessionRecord } from './session-records';
import type { OpenSession, RatedComparison, RatedOptions } from './session-types';
import { withoutAnswers } from './comparison-skim';
import { modelLabel } from './session-models';
import { parseLine, readRanges } from './session-file-reads';

/**
 * Builds the index while the log is read (from a snapshot's index on, when there is one); remembers why the file
 * has no header, if it has none. The records after the header get the light check (checkStoredRecord): this is the
 * app's own file, whose records were validated in full when they were appended or imported.
 */
function indexBuilder(): { visit: LogVisitor; result: () => { index: SessionIndex | null; headerProblem: string }; resume: (index: SessionIndex) => void; counted: () => number } {
  let index: SessionIndex | null = null;
  let headerProblem = 'the file is empty';
  let seenFirst = false;
  let records = 0;
  const visit: LogVisitor = (value, offset, byteLength, text) => {
    if (index !== null) {
      const record = checkStoredRecord(value);
      const problem = index.modelProblem(record);
      if (problem) throw new Error(`not a "${record.type}" record of this session (${problem})`);
      index.add(record, { offset, byteLength }, text);
      records += 1;
      return;
    }
    if (seenFirst) throw new Error('a record before the session header');
    seenFirst = true;
    try {
      index = new SessionIndex(parseSessionHeader(value), { offset, byteLength });
    } catch (error) {
      headerProblem = error instanceof Error ? error.message : String(error);
      throw error;
    }
  };
  const resume = (from: SessionIndex) => {
    index = from;
    seenFirst = true;
  };
  return { visit, result: () => ({ index, headerProblem }), resume, counted: () => records };
}

function noHeader(path: string, problem: string): ServiceError {
  return new ServiceError(
    'io-error',
    `${path} is not a session Pairwise can open: its first line is not a session header (${problem}). Move the file out of the sessions folder, or import a JSONL export of the session instead.`,
  );
}


/** How a session file is opened: to write it (taking its lock), or only to read it (no lock, nothing written). */
export type LoadMode = { kind: 'write' } | { kind: 'read'; reason: string };

/** Records parsed beyond the snapshot (or with none) that make a new snapshot worth writing. */
export const SNAPSHOT_AFTER_RECORDS = 1000;
/** How long after a load the snapshot it calls for is written (out of the way of the first votes). */
const SNAPSHOT_DELAY_MS = 3000;

const NO_START: ScanStart = { from: 0, firstLine: 0, corrupt: [] };

/**
 * Where loading can start: after the prefix an index snapshot stands for, if the snapshot is of this format, the
 * file is at least that long, and the prefix's bytes hash to its fingerprint (all of them, not a sample). Reading
 * the snapshot and hashing the prefix run side by side. `onIndex` gets the restored index; `hash` is fed the prefix.
 */
function snapshotStart(path: string, hash: Hash, onIndex: (index: SessionIndex, cover: SnapshotCover) => void): (readAt: ReadAt, fileBytes: number) => Promise<ScanStart> {
  return async (readAt, fileBytes) => {
    const opened = await openSnapshot(snapshotPathOf(path));
    if (opened === null) return NO_START;
    const { cover } = opened;
    if (cover.bytes > fileBytes || cover.bytes <= 0) {
      await opened.close();
      return NO_START;
    }
    // A snapshot is never a reason for a session not to open: whatever fails here, the file is read whole instead.
    const [digest, snapshot] = await Promise.all([hashPrefix(readAt, cover.bytes, hash).catch(() => null), opened.read().catch(() => null)]);
    if (digest !== cover.sha256 || snapshot === null) return NO_START;
    try {
      onIndex(SessionIndex.fromSnapshot(snapshot), cover);
    } catch {
      return NO_START;
    }
    return { from: cover.bytes, firstLine: cover.lines, corrupt: opened.corrupt };
  };
}

export class StoredSession implements OpenSession {
  private queue: Promise<unknown> = Promise.resolve();
  /** What loading (and a later retry of the lock) found. */
  private loadNotices: string[];
  /** A snapshot being written, or due (its timer). */
  private snapshotWrite: Promise<void> | null = null;
  private snapshotTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Bytes of the file the snapshot it was loaded from stood for (0: it was read whole). For tests and figures. */
  snapshotCovered = 0;

  private constructor(
    readonly path: string,
    private readonly log: SessionLog | null,
    readonly index: SessionIndex,
    notices: string[],
    /** Why this is read-only when it has no log (the trash). */
    private readonly fixedReason: string | null,
    private readonly trashed: boolean,
    /** A running hash of the indexed bytes of the file (a writer's, for its snapshots), or null. */
    private readonly hash: Hash | null,
    /** Every damaged line so far (a snapshot keeps them, for the notices). */
    private readonly corrupt: CorruptLine[],
    /** Records indexed beyond the snapshot on disk (all of them when there is none). */
    private sinceSnapshot: number,
    private readonly visit: LogVisitor,
  ) {
    this.loadNotices = notices;
  }

  /**
   * Opens a session file and indexes it, from its snapshot when one fits. `write`: takes the lock (read-only, with
   * the reason, when another process holds it), cuts a torn tail, and writes a new snapshot in the background
   * when this load parsed many records beyond the old one. `read`: no lock, nothing written, a torn tail left alone.
   */
  static async load(path: string, mode: LoadMode = { kind: 'write' }): Promise<StoredSession> {
    const builder = indexBuilder();
    const writer = mode.kind === 'write';
    // Only a writer writes snapshots, so only a writer keeps hashing past the prefix a snapshot covers.
    let hash = prefixHash();
    let covered = 0;
    const start = snapshotStart(path, hash, (index, cover) => {
      builder.resume(index);
      covered = cover.bytes;
    });
    const options: LogOpenOptions = {
      start: async (readAt, fileBytes) => {
        const at = await start(readAt, fileBytes);
        if (at.from === 0) {
          hash = prefixHash();
          covered = 0;
        }
        return at;
      },
      ...(writer ? { onBytes: (bytes: Buffer) => hash.update(bytes) } : { readerReason: mode.reason }),
    };
    const { log, notices, corrupt } = await SessionLog.open(path, builder.visit, options);
    const { index, headerProblem } = builder.result();
    if (index === null) {
      await log.close();
      throw noHeader(path, headerProblem);
    }
    // Records parsed beyond the snapshot: all of them when there was none.
    const since = builder.counted();
    const session = new StoredSession(path, log, index, notices, null, false, writer ? hash : null, corrupt, since, builder.visit);
    session.snapshotCovered = covered;
    if (writer && since > SNAPSHOT_AFTER_RECORDS) session.scheduleSnapshot();
    return session;
  }

  /** Reads a session file without locking it, for a summary (the trash). */
  static async peek(path: string): Promise<StoredSession> {
    const reason = 'This session is in the trash: restore it to add to it.';
    const session = await StoredSession.load(path, { kind: 'read', reason });
    return new StoredSession(path, null, session.index, session.loadNotices, reason, true, null, session.corrupt, 0, session.visit);
  }

  get id(): string {
    return this.index.header.id;
  }
  get header() {
    return this.index.header;
  }
  get name(): string {
    return this.index.name;
  }
  get settings() {
    return this.index.settings;
  }
  get createdAt(): string {
    return this.index.header.at;
  }
  get updatedAt(): string {
    return this.index.updatedAt;
  }
  get comparisonCount(): number {
    return this.index.comparisonCount;
  }
  get voteCount(): number {
    return this.index.voteCount;
  }
  /** Why this process cannot write the session, or null. */
  get readOnly(): string | null {
    return this.log === null ? this.fixedReason : this.log.readOnlyReason;
  }
  get notices(): string[] {
    return this.log === null ? this.loadNotices : [...this.loadNotices, ...this.log.laterNotices];
  }

  append(record: SessionRecord): Promise<void> {
    const next = this.queue.then(() => this.write(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(record: SessionRecord): Promise<void> {
    if (this.log === null) throw new SessionLogError('read-only', this.fixedReason ?? 'This session is read-only.');
    if (this.log.readOnlyReason !== null) await this.retryLock(this.log);
    if (this.log.readOnlyReason !== null) throw new SessionLogError('read-only', this.log.readOnlyReason);
    try {
      parseSessionRecord(record);
    } catch (error) {
      throw new ServiceError('invalid-request', `That cannot be saved in the session: it is ${(error as Error).message}.`);
    }
    const refusal = this.index.refusal(record);
    if (refusal !== null) throw new ServiceError('conflict', `That cannot be saved in the session: ${refusal}.`);
    const line = await this.log.append(record);
    this.index.add(record, line);
    this.sinceSnapshot += 1;
  }

  /**
   * Read-only because another process held the lock when this one loaded it: asks for the lock again. If that
   * process has gone, what it appended meanwhile is read first, and the session is writable from now on.
   */
  private async retryLock(log: SessionLog): Promise<void> {
    const reason = log.readOnlyReason;
    const counted = { records: 0 };
    const retried = await log.retryLock((value, offset, byteLength, text) => {
      this.visit(value, offset, byteLength, text);
      counted.records += 1;
    });
    if (retried === null) return;
    this.loadNotices = [...this.loadNotices.filter((n) => n !== reason), ...retried.notices];
    this.corrupt.push(...retried.corrupt);
    this.sinceSnapshot += counted.records;
    if (this.sinceSnapshot > SNAPSHOT_AFTER_RECORDS) this.scheduleSnapshot();
  }

  // ─── the index snapshot ───────────────────────────────────────────────────────────────────────────────────

  private scheduleSnapshot(): void {
    if (this.snapshotTimer !== null || this.snapshotWrite !== null || this.closed) return;
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      void this.writeSnapshot();
    }, SNAPSHOT_DELAY_MS);
    this.snapshotTimer.unref();
  }

  /**
   * Writes the snapshot of the index as it stands: captured between two appends (in the queue), so the index
   * stands exactly at the log's complete bytes, then written while appends go on. A failure is ignored: the
   * snapshot only saves time, and the next load parses the file instead.
   */
  private writeSnapshot(): Promise<void> {
    if (this.snapshotWrite !== null) return this.snapshotWrite;
    const log = this.log;
    const hash = this.hash;
    if (log === null || hash === null) return Promise.resolve();
    const capture = this.queue.then(() => {
      if (log.readOnlyReason !== null || this.sinceSnapshot === 0) return null;
      const cover: SnapshotCover = { bytes: log.completeBytes, lines: log.lines, sha256: hash.copy().digest('hex') };
      const taken = { index: this.index.snapshot(), cover, corrupt: this.corrupt.filter((c) => c.line <= cover.lines), records: this.sinceSnapshot };
      return taken;
    });
    this.queue = capture.catch(() => undefined);
    const write = capture
      .then(async (taken) => {
        if (taken === null) return;
        await writeSnapshot(snapshotPathOf(this.path), taken.index, taken.cover, taken.corrupt);
        this.sinceSnapshot -= taken.records;
      })
      .catch(() => undefined)
      .finally(() => {
        this.snapshotWrite = null;
      });
    this.snapshotWrite = write;
    return write;
  }

  /** Waits for a snapshot being written (a test, a store moving the file). */
  async settled(): Promise<void> {
    await this.snapshotWrite;
  }

  voteOf(comparisonId: string): VoteRecord | null {
    return this.index.voteOf(comparisonId);
  }
  lastVote(): VoteRecord | null {
    return this.index.lastVote();
  }
  hasComparison(comparisonId: string): boolean {
    return this.index.has(comparisonId);
  }
  everVoted(comparisonId: string): boolean {
    return this.index.everVoted(comparisonId);
  }
  async comparison(comparisonId: string): Promise<ComparisonRecord | null> {
    for await (const bytes of readRanges(this.path, this.index.rangeOf(comparisonId))) return parseLine<ComparisonRecord>(bytes);
    return null;
  }

  async conversation(conversationId: string): Promise<ComparisonRecord[]> {
    const records: ComparisonRecord[] = [];
    for await (const bytes of readRanges(this.path, this.index.conversationRanges(conversationId))) records.push(parseLine(bytes));
    return records;
  }

  server(serverId: string): ServerFacts | null {
    return this.index.server(serverId);
  }
  latestServer(model: ModelIndex): { id: string; facts: ServerFacts } | null {
    return this.index.latestServer(model);
  }
  conversationMappings(): Record<Side, ModelIndex>[] {
    return this.index.conversationMappings();
  }
  history(query: HistoryQuery): HistoryPage {
    return historyPage(this.index, query);
  }

  /** The lines validated when they were loaded or appended, so a damaged line stays out of an export too. */
  async *records(): AsyncIterable<SessionRecord> {
    for await (const bytes of readRanges(this.path, this.index.lineRanges())) yield parseLine<SessionRecord>(bytes);
  }

  async *rated(options: RatedOptions = {}): AsyncIterable<RatedComparison> {
    const skim = options.answers === false;
    for await (const bytes of readRanges(this.path, this.index.comparisonRanges())) {
      const skimmed = skim ? withoutAnswers(bytes) : null;
      const comparison = skimmed === null ? parseLine<ComparisonRecord>(bytes) : (JSON.parse(skimmed) as ComparisonRecord);
      yield { comparison, vote: this.voteOf(comparison.id), servers: { left: this.server(comparison.servers.left), right: this.server(comparison.servers.right) } };
    }
  }

  summary(): SessionSummary {
    return {
      id: this.id,
      name: this.name,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      models: this.index.header.models.map(modelLabel),
      comparisons: this.comparisonCount,
      votes: this.voteCount,
      blind: this.settings.blind,
      trashed: this.trashed,
    };
  }

  /**
   * Waits for pending appends (and a snapshot being written), writes a snapshot when many records came after the
   * last one, then releases the file and its lock.
   */
  async close(): Promise<void> {
    if (this.closed) return this.log?.close();
    this.closed = true;
    if (this.snapshotTimer !== null) {
      clearTimeout(this.snapshotTimer);
      this.snapshotTimer = null;
    }
    await this.snapshotWrite;
    if (this.sinceSnapshot > SNAPSHOT_AFTER_RECORDS) await this.writeSnapshot();
    await this.queue;
    await this.log?.close();
  }
}
