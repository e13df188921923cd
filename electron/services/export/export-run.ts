// Running one export: which sessions, which writer, and where the bytes go. exportTo streams into any Writable
// (an HTTP response, a file); exportToFile makes the file appear whole or not at all.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ServiceError } from '../../shared/errors';
import type { ExportFormat, ExportRequest } from '../../shared/sessions';
import type { SessionStoreApi } from '../sessions/session-types';
import { writeBattles } from './battles-export';
import { writeCsv } from './csv-export';
import { ExportSink } from './export-sink';
import type { ExportSource } from './export-source';
import { writeJsonl } from './jsonl-export';
import { writeStats } from './stats-export';

export type ExportStore = Pick<SessionStoreApi, 'list' | 'openForReading'>;

export interface ExportResult {
  bytes: number;
  /** CSV rows, battles or JSONL records written. */
  rows: number;
}

const WRITERS: Record<ExportFormat, (sink: ExportSink, sources: readonly ExportSource[]) => Promise<void>> = {
  csv: writeCsv,
  jsonl: writeJsonl,
  battles: writeBattles,
  stats: writeStats,
};

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', battles: 'json', stats: 'csv' };
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  battles: 'application/json; charset=utf-8',
  stats: 'text/csv; charset=utf-8',
};
/** Told apart from the comparisons' CSV of the same session and day. */
const NAME_SUFFIX: Record<ExportFormat, string> = { csv: '', jsonl: '', battles: '', stats: '-stats' };

/** One session, or every session not in the trash, oldest first (a stable order for "all"). */
export async function exportSources(request: ExportRequest, store: ExportStore): Promise<ExportSource[]> {
  // Read without the lock: an export must not make a session read-only for the process that writes it.
  if (request.sessionId !== null) return [await store.openForReading(request.sessionId)];
  const summaries = await store.list();
  const ordered = [...summaries].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const sources: ExportSource[] = [];
  for (const summary of ordered) sources.push(await store.openForReading(summary.id));
  return sources;
}

/** Streams the export into `stream`, with backpressure; the stream is left open (its owner ends it). */
export async function exportTo(stream: Writable, request: ExportRequest, store: ExportStore): Promise<ExportResult> {
  const sources = await exportSources(request, store);
  return writeExport(stream, request.format, sources);
}

export async function writeExport(stream: Writable, format: ExportFormat, sources: readonly ExportSource[]): Promise<ExportResult> {
  const sink = new ExportSink(stream);
  await WRITERS[format](sink, sources);
  return { bytes: sink.bytes, rows: sink.rows };
}

/** pairwise-<session name or "all">-<YYYY-MM-DD>[-stats].<csv|jsonl|json>, the local date. */
export function exportFilename(format: ExportFormat, sessionName: string | null, now: Date = new Date()): string {
  const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `pairwise-${sessionName === null ? 'all' : slug(sessionName)}-${date}${NAME_SUFFIX[format]}.${EXPORT_EXTENSIONS[format]}`;
}

/** Letters and digits of any script kept (a Chinese name stays readable), everything else one dash. */
export function slug(name: string): string {
  const kept = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [...kept].slice(0, 60).join('').replace(/-+$/, '') || 'session';
}

/**
 * Writes through `write` into a temporary file beside `path`, fsyncs it and renames it into place: a failed or
 * interrupted export never leaves a half file under the final name (an existing file there is replaced only by
 * a complete one).
 */
export async function writeFileAtomically<T>(path: string, write: (stream: Writable) => Promise<T>): Promise<T & { bytes: number }> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  const handle = await open(temp, 'wx').catch((error: unknown) => {
    throw fileError(error, path, true);
  });
  // flush: the stream fsyncs the file before it closes it, so the rename below publishes data that is on disk.
  const stream = handle.createWriteStream({ flush: true });
  try {
    const result = await write(stream);
    stream.end();
    await finished(stream);
    await rename(temp, path);
    return { ...result, bytes: stream.bytesWritten };
  } catch (error) {
    stream.destroy();
    await finished(stream).catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw fileError(error, path, (error as NodeJS.ErrnoException).path === temp);
  }
}

export async function exportToFile(path: string, request: ExportRequest, store: ExportStore): Promise<ExportResult & { path: string }> {
  // Opened first, so an unknown session fails before any file is made.
  const sources = await exportSources(request, store);
  const result = await writeFileAtomically(path, (stream) => writeExport(stream, request.format, sources));
  return { ...result, path };
}

/**
 * The sentence for a failure to write the file. A full disk can only come from writing it; other codes are the
 * file's only when they name it (`ofFile`): an ENOENT while reading a session is not a missing target folder.
 */
function fileError(error: unknown, path: string, ofFile: boolean): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ServiceError('io-error', `The disk holding ${dirname(path)} is full: the export was not saved, and nothing was left under ${basename(path)}. Free some space, then export again.`);
  }
  if (!ofFile) return error;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ServiceError('io-error', `Pairwise may not write in ${dirname(path)} (${code}): the export was not saved. Pick another folder.`);
  }
  if (code === 'ENOENT') return new ServiceError('io-error', `The folder ${dirname(path)} does not exist: the export was not saved. Pick another folder.`);
  return error;
}
