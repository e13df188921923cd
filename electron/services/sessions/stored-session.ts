// One session file opened by this process (design §6): its log (the lock, fsynced appends) and its in-memory index.
// Whole records are never kept: a comparison is read back from the file by the offset the index holds, and the
// exports stream the file again in chunks.
import { open, type FileHandle } from 'node:fs/promises';
import { ServiceError } from '../../shared/errors';
import type { ComparisonRecord, HistoryPage, HistoryQuery, ModelIndex, ServerFacts, SessionRecord, SessionSummary, VoteRecord } from '../../shared/sessions';
import { JSONL_CHUNK_BYTES } from './jsonl-lines';
import { historyPage } from './session-history';
import { SessionIndex, type LineRanges } from './session-index';
import { SessionLog, SessionLogError, type LogVisitor } from './session-log';
import { checkStoredRecord, parseSessionHeader, parseSessionRecord } from './session-records';
import type { OpenSession, RatedComparison } from './session-types';

/**
 * Builds the index while the log is read; remembers why the file has no header, if it has none. The records after
 * the header get the light check (checkStoredRecord): this is the app's own file, whose records were validated in
 * full when they were appended or imported.
 */
function indexBuilder(): { visit: LogVisitor; result: () => { index: SessionIndex | null; headerProblem: string } } {
  let index: SessionIndex | null = null;
  let headerProblem = 'the file is empty';
  let seenFirst = false;
  const visit: LogVisitor = (value, offset, byteLength, text) => {
    if (index !== null) return index.add(checkStoredRecord(value), { offset, byteLength }, text);
    if (seenFirst) throw new Error('a record before the session header');
    seenFirst = true;
    try {
      index = new SessionIndex(parseSessionHeader(value), { offset, byteLength });
    } catch (error) {
      headerProblem = error instanceof Error ? error.message : String(error);
      throw error;
    }
  };
  return { visit, result: () => ({ index, headerProblem }) };
}

function noHeader(path: string, problem: string): ServiceError {
  return new ServiceError(
    'io-error',
    `${path} is not a session Pairwise can open: its first line is not a session header (${problem}). Move the file out of the sessions folder, or import a JSONL export of the session instead.`,
  );
}

async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** Yields the bytes of each range (in file order), reading the file in big chunks; each buffer is valid until the next. */
async function* readRanges(path: string, ranges: LineRanges | null): AsyncGenerator<Buffer> {
  if (ranges === null || ranges.offsets.length === 0) return;
  const { offsets, byteLengths } = ranges;
  const handle = await open(path, 'r');
  try {
    const lastEnd = offsets.at(-1)! + byteLengths.at(-1)!;
    let buffer: Buffer | null = null;
    let start = 0;
    let end = 0;
    for (let i = 0; i < offsets.length; i += 1) {
      const offset = offsets[i]!;
      const byteLength = byteLengths[i]!;
      if (buffer === null || offset < start || offset + byteLength > end) {
        // A chunk, or less when the ranges left end sooner (one comparison, one conversation).
        const want = Math.max(byteLength, Math.min(JSONL_CHUNK_BYTES, lastEnd - offset));
        if (buffer === null || buffer.length < want) buffer = Buffer.allocUnsafe(want);
        start = offset;
        end = start + (await readFully(handle, buffer, want, start));
        if (offset + byteLength > end) throw new ServiceError('io-error', `${path} is shorter than when it was loaded: something other than Pairwise changed it. Close Pairwise and reopen the session.`);
      }
      yield buffer.subarray(offset - start, offset - start + byteLength);
    }
  } finally {
    await handle.close();
  }
}

const parseLine = <T>(bytes: Buffer): T => JSON.parse(bytes.toString('utf8')) as T;

export class StoredSession implements OpenSession {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly log: SessionLog | null,
    private readonly index: SessionIndex,
    readonly notices: string[],
    readonly readOnly: string | null,
    private readonly trashed: boolean,
  ) {}

  /** Opens a session file for writing (or read-only, when another process holds its lock) and indexes it. */
  static async load(path: string): Promise<StoredSession> {
    const builder = indexBuilder();
    const { log, notices } = await SessionLog.open(path, builder.visit);
    const { index, headerProblem } = builder.result();
    if (index === null) {
      await log.close();
      throw noHeader(path, headerProblem);
    }
    return new StoredSession(path, log, index, notices, log.readOnlyReason, false);
  }

  /** Reads a session file without locking it, for a summary (the trash). */
  static async peek(path: string): Promise<StoredSession> {
    const builder = indexBuilder();
    const { notices } = await SessionLog.read(path, builder.visit);
    const { index, headerProblem } = builder.result();
    if (index === null) throw noHeader(path, headerProblem);
    return new StoredSession(path, null, index, notices, 'This session is in the trash: restore it to add to it.', true);
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

  append(record: SessionRecord): Promise<void> {
    const next = this.queue.then(() => this.write(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(record: SessionRecord): Promise<void> {
    if (this.log === null || this.readOnly !== null) throw new SessionLogError('read-only', this.readOnly ?? 'This session is read-only.');
    try {
      parseSessionRecord(record);
    } catch (error) {
      throw new ServiceError('invalid-request', `That cannot be saved in the session: it is ${(error as Error).message}.`);
    }
    const refusal = this.index.refusal(record);
    if (refusal !== null) throw new ServiceError('conflict', `That cannot be saved in the session: ${refusal}.`);
    const line = await this.log.append(record);
    this.index.add(record, line);
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
  conversationLeftModels(): ModelIndex[] {
    return this.index.conversationLeftModels();
  }
  history(query: HistoryQuery): HistoryPage {
    return historyPage(this.index, query);
  }

  /** The lines validated when they were loaded or appended, so a damaged line stays out of an export too. */
  async *records(): AsyncIterable<SessionRecord> {
    for await (const bytes of readRanges(this.path, this.index.lineRanges())) yield parseLine<SessionRecord>(bytes);
  }

  async *rated(): AsyncIterable<RatedComparison> {
    for await (const bytes of readRanges(this.path, this.index.comparisonRanges())) {
      const comparison = parseLine<ComparisonRecord>(bytes);
      yield { comparison, vote: this.voteOf(comparison.id), servers: { left: this.server(comparison.servers.left), right: this.server(comparison.servers.right) } };
    }
  }

  summary(): SessionSummary {
    const [a, b] = this.index.header.models;
    return {
      id: this.id,
      name: this.name,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      models: [a.name, b.name],
      comparisons: this.comparisonCount,
      votes: this.voteCount,
      blind: this.settings.blind,
      trashed: this.trashed,
    };
  }

  /** Waits for pending appends, then releases the file and its lock. */
  async close(): Promise<void> {
    await this.queue;
    await this.log?.close();
  }
}
