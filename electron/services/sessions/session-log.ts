// One rating session's event log (design §6): an append-only JSONL file, one record per event, each record
// fsynced before append() resolves, so an acknowledged vote survives a crash or a power cut. One writer per file:
// a second Pairwise process on the same data folder gets the log read-only (proper-lockfile), with a reason.
import { open, type FileHandle } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { parseJsonl, type CorruptLine } from './jsonl-lines';

/** Every record carries its kind; the session layer gives each kind its schema. */
export interface LogRecord {
  type: string;
  [field: string]: unknown;
}

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

export interface OpenedLog<T extends LogRecord> {
  log: SessionLog;
  records: T[];
  /** Sentences for the user: a dropped torn line, skipped corrupt lines, read-only and why. */
  notices: string[];
}

/** Lock freshness (proper-lockfile): a lock not refreshed for this long belongs to a dead process. */
const LOCK_STALE_MS = 10_000;

function acceptRecord(value: unknown): LogRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { type?: unknown }).type !== 'string') {
    throw new Error('not a record (an object with a string "type")');
  }
  return value as LogRecord;
}

export class SessionLog {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle | null,
    private readonly release: (() => Promise<void>) | null,
    /** Why the log is read-only; null when this process writes it. */
    readonly readOnlyReason: string | null,
  ) {}

  /**
   * Opens (creating it if needed) and loads a session's log. The first process takes the lock and writes; a torn
   * last line is cut off before anything is appended after it. A process that finds the lock held loads the log
   * read-only.
   */
  static async open<T extends LogRecord>(path: string, accept: (record: LogRecord) => T = (r) => r as T): Promise<OpenedLog<T>> {
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
    const parsed = parseJsonl(await handle.readFile(), (value) => accept(acceptRecord(value)));
    const notices = loadNotices(path, parsed.corrupt, parsed.tornBytes);
    if (release === null) {
      await handle.close();
      const reason = `Another Pairwise process has this session open for writing (${path}.lock): it is shown read-only here. Close the other one (or its \`npm run serve\`) to vote in this one.`;
      return { log: new SessionLog(path, null, null, reason), records: parsed.records, notices: [...notices, reason] };
    }
    // The torn bytes were never acknowledged: cut them so the next record starts on a line of its own.
    if (parsed.tornBytes > 0) await handle.truncate(parsed.completeBytes);
    return { log: new SessionLog(path, handle, release, null), records: parsed.records, notices };
  }

  /** Appends one record and resolves once it is on disk (written and fsynced). Appends run one after another. */
  append(record: LogRecord): Promise<void> {
    const next = this.queue.then(() => this.write(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(record: LogRecord): Promise<void> {
    if (this.handle === null) throw new SessionLogError('read-only', this.readOnlyReason ?? 'This session is read-only.');
    const line = `${JSON.stringify(record)}\n`;
    try {
      // 'a+': every write lands at the end, whatever the file position.
      await this.handle.write(line);
      await this.handle.datasync();
    } catch (error) {
      throw writeError(error, this.path);
    }
  }

  /** Waits for pending appends, then closes the file and releases the lock. */
  async close(): Promise<void> {
    await this.queue;
    await this.handle?.close();
    await this.release?.();
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
