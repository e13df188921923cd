// Runs `pairwise export`, `pairwise import` and `pairwise report` (parsed in commands.ts) against a data folder,
// without the servers or the UI: only the session store is opened. Exporting and reporting only read, so they work
// while the desktop app (or `npm run serve`) has the same sessions open: their locks make this process a reader,
// which is all it needs.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { settingsSchema } from '../shared/settings';
import type { ExportRequest, SessionSummary } from '../shared/sessions';
import { exportToFile } from '../services/export/export-run';
import { splitSessionFile } from '../services/export/jsonl-export';
import type { SessionStoreApi } from '../services/sessions/session-types';
import { sessionsFolderIn } from '../services/sessions/sessions-folder';
import { SessionStore } from '../services/sessions/session-store';
import { statsOfSession } from '../services/stats/session-stats';
import { isCommandName, parseCommand, USAGE_OF, type Command } from './commands';
import { defaultUserDataDir } from './user-data-dir';

export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
  /** Where relative paths start (npm runs scripts in the package's folder; INIT_CWD is where it was typed). */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export type OpenStore = (sessionsFolder: string) => SessionStoreApi;

// Read-only: it never takes a session's lock nor cuts a torn tail that the app writing it will deal with.
const defaultOpenStore: OpenStore = (folder) => new SessionStore({ folder, readOnly: true });

function defaultIo(): CommandIo {
  const npmCwd = process.env.npm_lifecycle_event === 'pairwise' ? process.env.INIT_CWD : undefined;
  return { stdout: process.stdout, stderr: process.stderr, cwd: npmCwd ?? process.cwd(), env: process.env };
}

/** Parses and runs one command; resolves with the exit code: 0 done, 1 failed, 2 usage error. */
export async function runCommand(argv: string[], io: CommandIo = defaultIo(), openStore: OpenStore = defaultOpenStore): Promise<number> {
  const command = parseCommand(argv);
  if ('error' in command) {
    const usage = isCommandName(argv[0]) ? USAGE_OF[argv[0]] : `${USAGE_OF.export}\n${USAGE_OF.import}\n${USAGE_OF.report}`;
    io.stderr.write(`pairwise: ${command.error}\n\n${usage}`);
    return 2;
  }
  if (command.kind === 'help') {
    io.stdout.write(command.text);
    return 0;
  }
  const userDataDir = command.data === null ? defaultUserDataDir('Pairwise', io.env) : resolve(io.cwd, command.data);
  if (!existsSync(userDataDir)) {
    io.stderr.write(`pairwise: there is no Pairwise data folder at ${userDataDir}. Pass the one you use with --data DIR.\n`);
    return 1;
  }
  const store = openStore(sessionsFolderOf(userDataDir));
  try {
    if (command.kind === 'report') return await runReport(command, store, io);
    return command.kind === 'export' ? await runExport(command, store, io) : await runImport(command, store, io);
  } catch (error) {
    io.stderr.write(`pairwise: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

/**
 * Sessions live in the data folder Settings names (settings.json's dataFolder), else in the app's own. Read here
 * without the settings store, which would repair or rewrite the desktop app's file.
 */
export function sessionsFolderOf(userDataDir: string): string {
  return sessionsFolderIn(configuredDataFolder(userDataDir) ?? userDataDir);
}

function configuredDataFolder(userDataDir: string): string | null {
  try {
    const raw = JSON.parse(readFileSync(join(userDataDir, 'settings.json'), 'utf8')) as { dataFolder?: unknown };
    const parsed = settingsSchema.shape.dataFolder.safeParse(raw.dataFolder ?? null);
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // no settings yet, or unreadable: the app itself falls back to its own folder then too
  }
}

async function runExport(command: Extract<Command, { kind: 'export' }>, store: SessionStoreApi, io: CommandIo): Promise<number> {
  const request: ExportRequest = { format: command.format, sessionId: command.sessionId };
  const out = resolve(io.cwd, command.out);
  const result = await exportToFile(out, request, store);
  const what = command.format === 'jsonl' ? 'records' : command.format === 'battles' ? 'battles' : 'rows';
  io.stdout.write(`Exported ${command.sessionId === null ? 'every session' : `session ${command.sessionId}`} to ${out}: ${result.rows.toLocaleString('en-US')} ${what}, ${formatBytes(result.bytes)}.\n`);
  return 0;
}

async function runReport(command: Extract<Command, { kind: 'report' }>, store: SessionStoreApi, io: CommandIo): Promise<number> {
  // Opened first, so an unknown session fails before any folder is made.
  const session = await store.openForReading(command.sessionId);
  const stats = await statsOfSession(session);
  // Loaded here only: chart.js and the canvas are not needed by the other commands.
  const { writeReport } = await import('../services/report/write-report');
  const { reportContextOf } = await import('../services/stats/stats-handlers');
  const written = await writeReport(stats, resolve(io.cwd, command.out), reportContextOf(session));
  io.stdout.write(`Wrote the report of "${session.name}" (${session.id}, ${stats.votes.toLocaleString('en-US')} votes) to ${written.folder}:\n${written.files.map((file) => `  ${file}\n`).join('')}`);
  return 0;
}

async function runImport(command: Extract<Command, { kind: 'import' }>, store: SessionStoreApi, io: CommandIo): Promise<number> {
  const input = resolve(io.cwd, command.input);
  const text = await readFile(input, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `there is no file ${input}.` : `could not read ${input} (${error.code ?? error.message}).`, { cause: error });
  });
  const parts = splitSessionFile(text);
  if (parts.length === 0) throw new Error(`${input} is empty: there is nothing to import.`);
  const imported: SessionSummary[] = [];
  for (const part of parts) {
    try {
      imported.push(await store.import(part, { asCopy: command.asCopy }));
    } catch (error) {
      const done = imported.length > 0 ? ` (${imported.length} session${imported.length === 1 ? '' : 's'} before it ${imported.length === 1 ? 'was' : 'were'} imported)` : '';
      throw new Error(`session ${imported.length + 1} of ${parts.length} in ${input} was not imported${done}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  for (const s of imported) io.stdout.write(`Imported "${s.name}" (${s.id}): ${s.comparisons} comparisons, ${s.votes} votes.\n`);
  return 0;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
