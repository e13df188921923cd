// One rating session's event log (design §6): an append-only JSONL file, one record per event, each record
// fsynced before append() resolves, so an acknowledged vote survives a crash or a power cut. One writer per file:
// a second Pairwise process on the same data folder gets the log read-only (proper-lockfile), with a reason.
// Loading hands each record to a visitor with its byte offset and leaves the keeping to the caller, so a session
// of 100,000 comparisons is never held in memory whole.
import { open, type FileHandle } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { scanJsonl, type CorruptLine, type JsonlVisitor, type ReadAt } from './jsonl-lines';

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
  /** Every damaged line of the file, those before `start`'s point included. */
  corrupt: CorruptLine[];
  /** Lines up to the end of the last complete one. */
  lines: number;
}

/** Where an appended record landed, so it can be read back by offset. */
export interface AppendedLine {
  offset: number;
  byteLength: number;
}

/** Where loading starts: after a prefix an index snapshot stands for (session-snapshot.ts), or at 0. */
export interface ScanStart {
  from: number;
  /** Lines in the prefix. */
  firstLine: number;
  /** Its damaged lines, numbered in the file. */
  corrupt: CorruptLine[];
}

export interface LogOpenOptions {
  /**
   * Called once the file is open (and locked, for a writer), before anything is read: decides where the scan
   * starts. The prefix it skips must be made of complete lines.
   */
  start?: (readAt: ReadAt, fileBytes: number) => Promise<ScanStart>;
  /** Gets the bytes of the complete lines scanned, and later of each line appended, in file order. */
  onBytes?: (bytes: Buffer) => void;
  /** Open without the lock and never write: a reader (an export, the command line, a summary). The reason given to appends. */
  readerReason?: string;
  /** Lock timings, for tests (proper-lockfile keeps them at ≥ 2 s stale, ≥ 1 s between refreshes). */
  lock?: { staleMs?: number; updateMs?: number };
}

/** Lock freshness (proper-lockfile): a lock not refreshed for this long belongs to a dead process. */
const LOCK_STALE_MS = 10_000;

/**
 * Why a log is not written: another process held the lock when it was opened (worth asking again), it was opened
 * as a reader, or its lock was lost while it was open (compromised: never written again in this process).
 */
type ReadOnlyKind = 'locked-out' | 'reader' | 'compromised';

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

const lockedOutReason = (path: string): string =>
  `Another Pairwise process has this session open for writing (${path}.lock): it is shown read-only here. Close the other one (or its \`npm run serve\`) to vote in this one.`;

const asVisitor =
  (visit: LogVisitor): JsonlVisitor =>
  (value, offset, byteLength, _line, text) =>
    visit(acceptRecord(value), offset, byteLength, text);

export class SessionLog {
  private queue: Promise<unknown> = Promise.resolve();
  /** A failed append may have left part of its line behind; the next append cuts it off first. */
  private tailDirty = false;
  private handle: FileHandle | null;
  private release: (() => Promise<void>) | null;
  private reason: string | null;
  private kind: ReadOnlyKind | null;
  /** Sentences about what happened after loading (a lost lock), for the session's notices. */
  readonly laterNotices: string[] = [];

  private constructor(
    readonly path: string,
    handle: FileHandle | null,
    release: (() => Promise<void>) | null,
    readOnly: { kind: ReadOnlyKind; reason: string } | null,
    /** Bytes of complete records: where the next record starts. */
    private size: number,
    /** Lines in those bytes. */
    private lineCount: number,
    private readonly options: LogOpenOptions,
  ) {
    this.handle = handle;
    this.release = release;
    this.reason = readOnly?.reason ?? null;
    this.kind = readOnly?.kind ?? null;
  }

  /** Why the log is read-only; null when this process writes it. */
  get readOnlyReason(): string | null {
    return this.reason;
  }

  /** Bytes of complete records (what a reader may read without meeting a line being written). */
  get completeBytes(): number {
    return this.size;
  }

  /** Lines in `completeBytes`. */
  get lines(): number {
    return this.lineCount;
  }

  private static lockOptions(path: string, options: LogOpenOptions, onCompromised: (error: Error) => void) {
    return { stale: options.lock?.staleMs ?? LOCK_STALE_MS, ...(options.lock?.updateMs !== undefined && { update: options.lock.updateMs }), realpath: false, onCompromised };
  }

  /**
   * Opens (creating it if needed) and loads a session's log. The first process takes the lock and writes; a torn
   * last line is cut off before anything is appended after it. A process that finds the lock held loads the log
   * read-only (and may ask again later: `retryLock`). A reader (`readerReason`) never locks, writes or creates.
   */
  static async open(path: string, visit: LogVisitor, options: LogOpenOptions = {}): Promise<OpenedLog> {
    const reader = options.readerReason !== undefined;
    const handle = await open(path, reader ? 'r' : 'a+');
    let release: (() => Promise<void>) | null = null;
    // The log is made after the lock is taken; a compromise reported before then finds it through this.
    let log: SessionLog | null = null;
    const early: Error[] = [];
    const onCompromised = (error: Error) => (log ? log.compromised(error) : early.push(error));
    if (!reader) {
      try {
        release = await lockfile.lock(path, SessionLog.lockOptions(path, options, onCompromised));
      } catch (error) {
        if ((error as { code?: string }).code !== 'ELOCKED') {
          await handle.close();
          throw error;
        }
      }
    }
    try {
      const readAt = readerOf(handle);
      const start = options.start ? await options.start(readAt, (await handle.stat()).size) : { from: 0, firstLine: 0, corrupt: [] };
      const scan = await scanJsonl(readAt, asVisitor(visit), { from: start.from, firstLine: start.firstLine, onBytes: options.onBytes });
      const corrupt = [...start.corrupt, ...scan.corrupt];
      const notices = loadNotices(path, corrupt, scan.tornBytes);
      if (release === null) {
        await handle.close();
        const readOnly = reader ? { kind: 'reader' as const, reason: options.readerReason! } : { kind: 'locked-out' as const, reason: lockedOutReason(path) };
        log = new SessionLog(path, null, null, readOnly, scan.completeBytes, scan.lines, options);
        return { log, notices: reader ? notices : [...notices, readOnly.reason], corrupt, lines: scan.lines };
      }
      // The torn bytes were never acknowledged: cut them so the next record starts on a line of its own.
      if (scan.tornBytes > 0) await handle.truncate(scan.completeBytes);
      log = new SessionLog(path, handle, release, null, scan.completeBytes, scan.lines, options);
      for (const error of early) log.compromised(error);
      return { log, notices, corrupt, lines: scan.lines };
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
      const scan = await scanJsonl(readerOf(handle), asVisitor(visit));
      return { notices: loadNotices(path, scan.corrupt, scan.tornBytes), completeBytes: scan.completeBytes };
    } finally {
      await handle.close();
    }
  }

  /**
   * For a log opened read-only because another process held its lock: tries the lock again. If it is free now,
   * the records the other process appended since are visited (`visit`, and `onBytes` as at open), a torn tail is
   * cut, and the log is writable; resolves with the notices of that tail (null: still read-only). Runs in the
   * append queue, so nothing is appended meanwhile.
   */
  retryLock(visit: LogVisitor): Promise<{ notices: string[]; corrupt: CorruptLine[] } | null> {
    const next = this.queue.then(() => this.takeLock(visit));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async takeLock(visit: LogVisitor): Promise<{ notices: string[]; corrupt: CorruptLine[] } | null> {
    if (this.kind !== 'locked-out') return null;
    const handle = await open(this.path, 'a+');
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.path, SessionLog.lockOptions(this.path, this.options, (error) => this.compromised(error)));
    } catch (error) {
      await handle.close();
      if ((error as { code?: string }).code === 'ELOCKED') return null;
      throw error;
    }
    try {
      const scan = await scanJsonl(readerOf(handle), asVisitor(visit), { from: this.size, firstLine: this.lineCount, onBytes: this.options.onBytes });
      if (scan.tornBytes > 0) await handle.truncate(scan.completeBytes);
      this.size = scan.completeBytes;
      this.lineCount = scan.lines;
      this.handle = handle;
      this.release = release;
      this.reason = null;
      this.kind = null;
      return { notices: loadNotices(this.path, scan.corrupt, scan.tornBytes), corrupt: scan.corrupt };
    } catch (error) {
      await handle.close().catch(() => undefined);
      await release().catch(() => undefined);
      throw error;
    }
  }

  /** proper-lockfile lost the lock (its file removed or refreshed by someone else): stop writing, and say so. */
  private compromised(error: Error): void {
    if (this.kind === 'compromised') return;
    const reason = `The lock on ${this.path} was lost while Pairwise had the session open (${error.message}): another process may be writing it, so nothing more is saved to it here. Its votes so far are safe; reopen the session (restart Pairwise) to go on voting.`;
    this.kind = 'compromised';
    this.reason = reason;
    this.release = null;
    this.laterNotices.push(reason);
  }

  /** Appends one record and resolves once it is on disk (written and fsynced). Appends run one after another. */
  append<R extends { type: string }>(record: R): Promise<AppendedLine> {
    const next = this.queue.then(() => this.write(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(record: { type: string }): Promise<AppendedLine> {
    if (this.handle === null || this.reason !== null) throw new SessionLogError('read-only', this.reason ?? 'This session is read-only.');
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
    this.lineCount += 1;
    this.options.onBytes?.(line);
    return { offset, byteLength: line.length };
  }

  private async cutTail(handle: FileHandle): Promise<void> {
    await handle.truncate(this.size);
    this.tailDirty = false;
  }

  /** Waits for pending appends, then closes the file and releases the lock (unless it was lost). */
  async close(): Promise<void> {
    await this.queue;
    const handle = this.handle;
    const release = this.release;
    this.handle = null;
    this.release = null;
    this.reason ??= 'This session is closed.';
    await handle?.close();
    await release?.().catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'ERELEASED') throw error;
    });
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
