// One rating session's event log (design §6): an append-only JSONL file, one record per event, each record
// fsynced before append() resolves, so an acknowledged vote survives a crash or a power cut. One writer per file:
// a second Pairwise process on the same data folder gets the log read-only (proper-lockfile), with a reason.
// Loading hands each record to a visitor with its byte offset and leaves the keeping to the caller, so a session
// of 100,000 comparisons is never held in memory whole.
import { open, type FileHandle } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { scanJsonl, type CorruptLine, type ReadAt } from './jsonl-lines';

/** Every record carries its kind; the session layer gives each kind its schema. */
export interface LogRecord {
  type: string;
  [field: string]: unknown;
}

/** Gets each valid record in file order, with its line's text; throwing marks its line corrupt (skipped and reported). */
export type LogVisitor = (record: LogRecord, offset: number, byteLength: number, text: string) => void;

export type SessionLogErrorCode = 'read-only' | 'disk-full' | 'io';

export class SessionLogError extends Error {
  constructor(
    readonly code: SessionLogErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SessionLogError';
  }
}

export interface OpenedLog {
  log: SessionLog;
  /** Sentences for the user: a dropped torn line, skipped corrupt lines, read-only and why. */
  notices: string[];
  corrupt: CorruptLine[];
}

/** Where an appended record landed, so it can be read back by offset. */
export interface AppendedLine {
  offset: number;
  byteLength: number;
}

/** Lock freshness (proper-lockfile): a lock not refreshed for this long belongs to a dead process. */
const LOCK_STALE_MS = 10_000;

function acceptRecord(value: unknown): LogRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { type?: unknown }).type !== 'string') {
    throw new Error('not a record (an object with a string "type")');
  }
  return value as LogRecord;
}

const readerOf =
  (handle: FileHandle): ReadAt =>
  async (buffer, offset, length, position) =>
    (await handle.read(buffer, offset, length, position)).bytesRead;

export class SessionLog {
  private queue: Promise<unknown> = Promise.resolve();
  /** A failed append may have left part of its line behind; the next append cuts it off first. */
  private tailDirty = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle | null,
    private readonly release: (() => Promise<void>) | null,
    /** Why the log is read-only; null when this process writes it. */
    readonly readOnlyReason: string | null,
    /** Bytes of complete records: where the next record starts. */
    private size: number,
  ) {}

  /** Bytes of complete records (what a reader may read without meeting a line being written). */
  get completeBytes(): number {
    return this.size;
  }

  /**
   * Opens (creating it if needed) and loads a session's log. The first process takes the lock and writes; a torn
   * last line is cut off before anything is appended after it. A process that finds the lock held loads the log
   * read-only.
   */
  static async open(path: string, visit: LogVisitor): Promise<OpenedLog> {
    const handle = await open(path, 'a+');
    let release: (() => Promise<void>) | null = null;
    try {
      release = await lockfile.lock(path, { stale: LOCK_STALE_MS, realpath: false });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED') {
        await handle.close();
        throw error;
      }
    }
    try {
      const scan = await scanJsonl(readerOf(handle), (value, offset, byteLength, _line, text) => visit(acceptRecord(value), offset, byteLength, text));
      const notices = loadNotices(path, scan.corrupt, scan.tornBytes);
      if (release === null) {
        await handle.close();
        const reason = `Another Pairwise process has this session open for writing (${path}.lock): it is shown read-only here. Close the other one (or its \`npm run serve\`) to vote in this one.`;
        return { log: new SessionLog(path, null, null, reason, scan.completeBytes), notices: [...notices, reason], corrupt: scan.corrupt };
      }
      // The torn bytes were never acknowledged: cut them so the next record starts on a line of its own.
      if (scan.tornBytes > 0) await handle.truncate(scan.completeBytes);
      return { log: new SessionLog(path, handle, release, null, scan.completeBytes), notices, corrupt: scan.corrupt };
    } catch (error) {
      await handle.close().catch(() => undefined);
      await release?.().catch(() => undefined);
      throw error;
    }
  }

  /** Loads a log without locking or writing it (a file in the trash, a preview). */
  static async read(path: string, visit: LogVisitor): Promise<{ notices: string[]; completeBytes: number }> {
    const handle = await open(path, 'r');
    try {
      const scan = await scanJsonl(readerOf(handle), (value, offset, byteLength, _line, text) => visit(acceptRecord(value), offset, byteLength, text));
      return { notices: loadNotices(path, scan.corrupt, scan.tornBytes), completeBytes: scan.completeBytes };
    } finally {
      await handle.close();
    }
  }

  /** Appends one record and resolves once it is on disk (written and fsynced). Appends run one after another. */
  append<R extends { type: string }>(record: R): Promise<AppendedLine> {
    const next = this.queue.then(() => this.write(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(record: { type: string }): Promise<AppendedLine> {
    if (this.handle === null) throw new SessionLogError('read-only', this.readOnlyReason ?? 'This session is read-only.');
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    try {
      if (this.tailDirty) await this.cutTail(this.handle);
      await writeAll(this.handle, line);
      await this.handle.datasync();
    } catch (error) {
      // Part of the line may be on disk (a full disk accepts what fits): cut it now if the disk lets us, so a retry
      // does not glue its record to a fragment; otherwise the next append (or the next load) does.
      this.tailDirty = true;
      await this.cutTail(this.handle).catch(() => undefined);
      throw writeError(error, this.path);
    }
    const offset = this.size;
    this.size += line.length;
    return { offset, byteLength: line.length };
  }

  private async cutTail(handle: FileHandle): Promise<void> {
    await handle.truncate(this.size);
    this.tailDirty = false;
  }

  /** Waits for pending appends, then closes the file and releases the lock. */
  async close(): Promise<void> {
    await this.queue;
    await this.handle?.close();
    await this.release?.();
  }
}

/** write(2) may write less than asked (a disk that fills up mid-line): go on until all of it is written or it fails. */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    // 'a+': every write lands at the end, whatever the file position.
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    if (bytesWritten === 0) throw Object.assign(new Error('no byte could be written'), { code: 'ENOSPC' });
    done += bytesWritten;
  }
}

function writeError(error: unknown, path: string): SessionLogError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SessionLogError('disk-full', `The disk holding ${path} is full, so the vote was not saved. Free some space, then save it again: it stays on screen until then.`);
  }
  return new SessionLogError('io', `The vote could not be written to ${path} (${code ?? (error instanceof Error ? error.message : String(error))}). Check the data folder in Settings, then save it again.`);
}

function loadNotices(path: string, corrupt: CorruptLine[], tornBytes: number): string[] {
  const notices: string[] = [];
  if (tornBytes > 0) notices.push(`The last line of ${path} was cut short (${tornBytes} bytes, written when Pairwise stopped mid-save); it was never confirmed, and was dropped. Every earlier record is intact.`);
  if (corrupt.length > 0) {
    const lines = corrupt.slice(0, 5).map((c) => c.line).join(', ');
    notices.push(`${corrupt.length} damaged line${corrupt.length === 1 ? '' : 's'} in ${path} (line ${lines}${corrupt.length > 5 ? ', …' : ''}) ${corrupt.length === 1 ? 'was' : 'were'} skipped; the rest of the session loaded.`);
  }
  return notices;
}
