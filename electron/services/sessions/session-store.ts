// The rating sessions on disk (design §6): `<folder>/<sessionId>.jsonl` per session (and `<sessionId>.index`, its
// index snapshot: session-snapshot.ts), `<folder>/trash/` for deleted ones, `<folder>/current.json` for the session
// Compare was in. Each session opened is opened once per process and kept (its lock held) until it is trashed or
// the store closes. Lists and exports only read: they take no lock and keep nothing loaded. A store made with
// `readOnly` (the command line) never locks or writes a session; it only adds the files it imports.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ServiceError } from '../../shared/errors';
import { sessionIdSchema, type SessionHeaderRecord, type SessionSummary } from '../../shared/sessions';
import { FileExistsError, writeFileDurably } from './durable-file';
import { parseImport } from './session-import';
import { SessionLogError } from './session-log';
import { parseSessionHeader } from './session-records';
import type { OpenSession, SessionStoreApi } from './session-types';
import { snapshotPathOf } from './session-snapshot';
import { StoredSession, type LoadMode } from './stored-session';

const FILE_PATTERN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/** A failure the user can act on, from a log that could not be written. */
function asServiceError(error: unknown): unknown {
  if (!(error instanceof SessionLogError)) return error;
  return new ServiceError(error.code === 'read-only' ? 'conflict' : 'io-error', error.message);
}

function ioError(what: string, error: unknown): ServiceError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ServiceError('io-error', `${what} failed: the disk is full. Free some space, then try again.`);
  return new ServiceError('io-error', `${what} failed (${code ?? (error instanceof Error ? error.message : String(error))}). Check the data folder in Settings, then try again.`);
}

const READER_REASON = 'This session is open here only to be read (an export, or `npm run pairwise`): nothing is saved to it from here.';

/** Moves a session's index snapshot along with its file; a snapshot that cannot follow is removed (it is derived). */
async function moveSnapshot(fromJsonl: string, toJsonl: string): Promise<void> {
  const from = snapshotPathOf(fromJsonl);
  await rename(from, snapshotPathOf(toJsonl)).catch(async (error: { code?: string }) => {
    if (error.code !== 'ENOENT') await rm(from, { force: true }).catch(() => undefined);
  });
}

export class SessionStore implements SessionStoreApi {
  private readonly sessions = new Map<string, Promise<StoredSession>>();
  /** Summaries of files not open here (and of the trash), by path, valid while the file's size and mtime are unchanged. */
  private readonly summaries = new Map<string, { stamp: string; summary: SessionSummary }>();

  constructor(private readonly options: { folder: string; readOnly?: boolean }) {}

  private get mode(): LoadMode {
    return this.options.readOnly ? { kind: 'read', reason: READER_REASON } : { kind: 'write' };
  }

  private get folder(): string {
    return this.options.folder;
  }
  private get trashFolder(): string {
    return join(this.folder, 'trash');
  }
  private fileOf(sessionId: string): string {
    return join(this.folder, `${sessionId}.jsonl`);
  }
  private trashFileOf(sessionId: string): string {
    return join(this.trashFolder, `${sessionId}.jsonl`);
  }

  private async ensureFolders(): Promise<void> {
    await mkdir(this.trashFolder, { recursive: true });
  }

  async list(options: { trashed?: boolean } = {}): Promise<SessionSummary[]> {
    const folder = options.trashed ? this.trashFolder : this.folder;
    const names = await readdir(folder).catch((error: { code?: string }) => (error.code === 'ENOENT' ? [] : Promise.reject(ioError(`Reading ${folder}`, error))));
    const summaries: SessionSummary[] = [];
    for (const name of names) {
      const id = FILE_PATTERN.exec(name)?.[1];
      if (!id) continue;
      // A file that cannot be read is left out of the list rather than hiding every other session.
      const summary = await (options.trashed ? this.fileSummary(this.trashFileOf(id), true) : this.liveSummary(id)).catch(() => null);
      if (summary) summaries.push(summary);
    }
    return summaries.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  }

  /** A session open here tells its own; any other is read without its lock and not kept loaded. */
  private async liveSummary(sessionId: string): Promise<SessionSummary> {
    const open = this.sessions.get(sessionId);
    const session = open ? await open.catch(() => null) : null;
    if (session) return session.summary();
    return this.fileSummary(this.fileOf(sessionId), false);
  }

  /** A file's summary, read without locking it (from its snapshot when that fits), cached by size and mtime. */
  private async fileSummary(path: string, trashed: boolean): Promise<SessionSummary> {
    const info = await stat(path);
    const stamp = `${info.size}:${info.mtimeMs}`;
    const cached = this.summaries.get(path);
    if (cached?.stamp === stamp) return cached.summary;
    const summary = trashed ? (await StoredSession.peek(path)).summary() : (await StoredSession.load(path, { kind: 'read', reason: READER_REASON })).summary();
    this.summaries.set(path, { stamp, summary });
    return summary;
  }

  async create(header: SessionHeaderRecord): Promise<OpenSession> {
    try {
      parseSessionHeader(header);
    } catch (error) {
      throw new ServiceError('invalid-request', `The session cannot be created: its header is ${(error as Error).message}.`);
    }
    await this.ensureFolders();
    await this.place(header.id, Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'));
    return this.open(header.id);
  }

  /** Writes a new session file under its id, never over an existing one. */
  private async place(sessionId: string, bytes: Buffer): Promise<void> {
    if (this.sessions.has(sessionId) || (await exists(this.trashFileOf(sessionId)))) throw duplicate(sessionId);
    // A snapshot left under this id (its session's file removed by hand) must never be taken for this file's.
    if (!(await exists(this.fileOf(sessionId)))) await rm(snapshotPathOf(this.fileOf(sessionId)), { force: true }).catch(() => undefined);
    try {
      await writeFileDurably(this.fileOf(sessionId), bytes, { replace: false });
    } catch (error) {
      if (error instanceof FileExistsError) throw duplicate(sessionId);
      throw ioError('Saving the session', error);
    }
  }

  open(sessionId: string): Promise<OpenSession> {
    return this.load(sessionId);
  }

  /**
   * A session to read (an export): the one open here if it is, else the file loaded without its lock, nothing
   * written to it (not even a torn tail cut), and not kept once the caller lets go of it.
   */
  async openForReading(sessionId: string): Promise<OpenSession> {
    checkId(sessionId);
    const open = this.sessions.get(sessionId);
    const session = open ? await open.catch(() => null) : null;
    if (session) return session;
    return this.loadFile(sessionId, { kind: 'read', reason: READER_REASON });
  }

  private load(sessionId: string): Promise<StoredSession> {
    if (!isSessionId(sessionId)) return Promise.reject(notAnId(sessionId));
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = this.loadFile(sessionId, this.mode);
      this.sessions.set(sessionId, session);
      // A failed open is not kept: the next call tries again (after the user fixed the file, say).
      session.catch(() => this.sessions.delete(sessionId));
    }
    return session;
  }

  private async loadFile(sessionId: string, mode: LoadMode): Promise<StoredSession> {
    const path = this.fileOf(sessionId);
    if (!(await exists(path))) {
      throw new ServiceError('not-found', `There is no session ${sessionId} in ${this.folder}. It may be in the trash (restore it from History), or its file was moved away.`);
    }
    try {
      return await StoredSession.load(path, mode);
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      throw ioError(`Opening ${path}`, error);
    }
  }

  async rename(sessionId: string, name: string): Promise<SessionSummary> {
    const session = await this.load(sessionId);
    await session.append({ type: 'renamed', at: new Date().toISOString(), name }).catch((error: unknown) => Promise.reject(asServiceError(error)));
    return session.summary();
  }

  async trash(sessionId: string): Promise<void> {
    checkId(sessionId);
    const path = this.fileOf(sessionId);
    if (!(await exists(path))) throw new ServiceError('not-found', `There is no session ${sessionId} to move to the trash.`);
    const open = this.sessions.get(sessionId);
    const session = open ? await open.catch(() => null) : null;
    if (session?.readOnly || (!session && (await lockfile.check(path, { stale: 10_000, realpath: false })))) {
      throw new ServiceError('conflict', 'Another Pairwise process has this session open. Close it there, then move the session to the trash.');
    }
    if (await exists(this.trashFileOf(sessionId))) throw new ServiceError('conflict', `The trash already holds a session with the id ${sessionId}. Restore or remove that one first.`);
    if (session) await session.close();
    this.sessions.delete(sessionId);
    await this.ensureFolders();
    await rename(path, this.trashFileOf(sessionId)).catch((error: unknown) => Promise.reject(ioError('Moving the session to the trash', error)));
    await moveSnapshot(path, this.trashFileOf(sessionId));
    this.summaries.delete(path);
  }

  async restore(sessionId: string): Promise<SessionSummary> {
    checkId(sessionId);
    const from = this.trashFileOf(sessionId);
    if (!(await exists(from))) throw new ServiceError('not-found', `The trash holds no session ${sessionId}.`);
    if (this.sessions.has(sessionId) || (await exists(this.fileOf(sessionId)))) {
      throw new ServiceError('conflict', `A session with the id ${sessionId} is already in the list, so this one cannot be restored beside it. Move that one to the trash first, or export this one and import it as a copy.`);
    }
    await rename(from, this.fileOf(sessionId)).catch((error: unknown) => Promise.reject(ioError('Restoring the session', error)));
    await moveSnapshot(from, this.fileOf(sessionId));
    this.summaries.delete(from);
    return (await this.load(sessionId)).summary();
  }

  async import(jsonl: string, options: { asCopy?: boolean } = {}): Promise<SessionSummary> {
    const parsed = parseImport(jsonl, options.asCopy ? randomUUID() : null);
    await this.ensureFolders();
    await this.place(parsed.sessionId, parsed.bytes);
    return (await this.load(parsed.sessionId)).summary();
  }

  async current(): Promise<string | null> {
    try {
      const { sessionId } = JSON.parse(await readFile(join(this.folder, 'current.json'), 'utf8')) as { sessionId?: unknown };
      if (!sessionIdSchema.safeParse(sessionId).success) return null;
      // A pointer to a session that is gone (trashed, moved) points nowhere.
      return (await exists(this.fileOf(sessionId as string))) ? (sessionId as string) : null;
    } catch {
      return null;
    }
  }

  async setCurrent(sessionId: string | null): Promise<void> {
    if (sessionId !== null) checkId(sessionId);
    await this.ensureFolders();
    await writeFileDurably(join(this.folder, 'current.json'), `${JSON.stringify({ sessionId })}\n`, { replace: true }).catch((error: unknown) =>
      Promise.reject(ioError('Remembering the current session', error)),
    );
  }

  async close(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map((session) => session.then((s) => s.close()).catch(() => undefined)));
  }
}

/** A session id names a file: anything but a UUID (a path, say) is refused before it gets near the disk. */
const isSessionId = (sessionId: string): boolean => sessionIdSchema.safeParse(sessionId).success;
const notAnId = (sessionId: string) => new ServiceError('invalid-request', `"${sessionId}" is not a session id.`);

function checkId(sessionId: string): void {
  if (!isSessionId(sessionId)) throw notAnId(sessionId);
}

function duplicate(sessionId: string): ServiceError {
  return new ServiceError('conflict', `A session with the id ${sessionId} already exists (in the list or in the trash). Use "import as a copy" to add this one beside it under a new id.`);
}
