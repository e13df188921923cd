// The command line's export, import (issue 9, Export) and report (issue 10): `pairwise export …`, `pairwise
// import …` and `pairwise report …`, the same words for `npm run pairwise --`, `node out/main/host.js` and the
// packaged app. Parsing only: command-run.ts runs them. Strict, so a mistyped flag is refused with the usage
// rather than ignored.
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, sessionIdSchema, type ExportFormat } from '../shared/sessions';

export const COMMAND_NAMES = ['export', 'import', 'report'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export type Command =
  | { kind: 'export'; format: ExportFormat; sessionId: string | null; data: string | null; out: string }
  | { kind: 'import'; input: string; asCopy: boolean; data: string | null }
  | { kind: 'report'; sessionId: string; data: string | null; out: string }
  | { kind: 'help'; text: string };

/** A usage error: the message, then the command's usage; exit code 2. */
export interface UsageError {
  error: string;
}

export const EXPORT_USAGE = [
  'Usage: pairwise export --format csv|jsonl|battles|stats [--session ID] [--data DIR] --out FILE',
  '',
  'Exports rating sessions without starting the app (it only reads: a session the app has open exports too).',
  '  --format   csv: one row per comparison, for spreadsheets (UTF-8 with a BOM, CRLF)',
  '             jsonl: every record, lossless; `pairwise import` restores it',
  '             battles: a JSON array in Chatbot Arena\'s battle shape (model_a, model_b, winner)',
  '             stats: one row per estimate of the statistics (win rates, latency, scores, with 95% intervals and n), CSV',
  '  --session  the session id (see History); default: every session, one after another',
  "  --data     the data folder (default: the desktop app's)",
  '  --out      the file to write; it appears only once the export is complete',
  '',
].join('\n');

export const IMPORT_USAGE = [
  'Usage: pairwise import --in FILE [--as-copy] [--data DIR]',
  '',
  'Restores sessions from a JSONL export, exactly as they were (a file of several sessions restores each).',
  '  --in       the .jsonl file',
  '  --as-copy  import under a new id, beside the session it came from (refused otherwise when that id exists)',
  "  --data     the data folder (default: the desktop app's)",
  '',
].join('\n');

export const REPORT_USAGE = [
  'Usage: pairwise report --session ID --out DIR [--data DIR]',
  '',
  "Writes a session's report without starting the app (it only reads: a session the app has open reports too):",
  'report.md (the verdict, the table per category with 95% intervals and n, how to read it), table.csv and the charts as PNG.',
  '  --session  the session id (see History)',
  '  --out      the folder to write it in: a new or empty one, or an earlier report\'s (which is replaced)',
  "  --data     the data folder (default: the desktop app's)",
  '',
].join('\n');

export const USAGE_OF: Record<CommandName, string> = { export: EXPORT_USAGE, import: IMPORT_USAGE, report: REPORT_USAGE };

export function isCommandName(word: string | undefined): word is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(word ?? '');
}

/** argv after the program: the command's name, then its options. */
export function parseCommand(argv: string[]): Command | UsageError {
  const [name, ...args] = argv;
  if (!isCommandName(name)) return { error: `unknown command "${name ?? ''}": use export, import or report.` };
  if (name === 'report') return parseReport(args);
  return name === 'export' ? parseExport(args) : parseImport(args);
}

const FORMAT_LIST = `${EXPORT_FORMATS.slice(0, -1).join(', ')} or ${EXPORT_FORMATS.at(-1)}`;

function sessionIdError(session: string): UsageError {
  return { error: `--session needs a session id (a UUID, as History shows it), not "${session}".` };
}

function parseExport(args: string[]): Command | UsageError {
  const parsed = parseStrict(args, { format: { type: 'string' }, session: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in parsed) return parsed;
  const v = parsed.values;
  if (v.help === true) return { kind: 'help', text: EXPORT_USAGE };
  if (typeof v.format !== 'string') return { error: `export needs --format ${FORMAT_LIST}.` };
  if (!(EXPORT_FORMATS as readonly string[]).includes(v.format)) return { error: `--format must be ${FORMAT_LIST}, not "${v.format}".` };
  if (typeof v.session === 'string' && !sessionIdSchema.safeParse(v.session).success) return sessionIdError(v.session);
  const out = requiredPath(v.out, '--out', 'export needs --out FILE, the file to write.');
  if (typeof out !== 'string') return out;
  const data = optionalFolder(v.data);
  if (typeof data === 'object' && data !== null) return data;
  return { kind: 'export', format: v.format as ExportFormat, sessionId: typeof v.session === 'string' ? v.session : null, data, out };
}

function parseImport(args: string[]): Command | UsageError {
  const parsed = parseStrict(args, { in: { type: 'string' }, 'as-copy': { type: 'boolean' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in parsed) return parsed;
  const v = parsed.values;
  if (v.help === true) return { kind: 'help', text: IMPORT_USAGE };
  const input = requiredPath(v.in, '--in', 'import needs --in FILE, a JSONL export.');
  if (typeof input !== 'string') return input;
  const data = optionalFolder(v.data);
  if (typeof data === 'object' && data !== null) return data;
  return { kind: 'import', input, asCopy: v['as-copy'] === true, data };
}

function parseReport(args: string[]): Command | UsageError {
  const parsed = parseStrict(args, { session: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in parsed) return parsed;
  const v = parsed.values;
  if (v.help === true) return { kind: 'help', text: REPORT_USAGE };
  if (typeof v.session !== 'string') return { error: 'report needs --session ID, the session to report on (see History).' };
  if (!sessionIdSchema.safeParse(v.session).success) return sessionIdError(v.session);
  if (v.out === undefined) return { error: 'report needs --out DIR, the folder to write the report in.' };
  if (typeof v.out !== 'string' || v.out.trim() === '') return { error: '--out needs a folder name.' };
  const data = optionalFolder(v.data);
  if (typeof data === 'object' && data !== null) return data;
  return { kind: 'report', sessionId: v.session, data, out: v.out };
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Values = Record<string, string | boolean | undefined>;

function parseStrict(args: string[], options: OptionSpec): { values: Values } | UsageError {
  try {
    return { values: parseArgs({ args, options, strict: true, allowPositionals: false }).values as Values };
  } catch (error) {
    return { error: usageMessage(error) };
  }
}

/** node:util's wording, shortened: its advice about '--' does not apply to these commands. */
function usageMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}.`;
  const positional = /^Unexpected argument '([^']*)'/.exec(message);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && positional) return `unexpected argument "${positional[1]}" (every value follows its option, e.g. --out FILE).`;
  return message.replace(/\s+To specify .*$/s, '');
}

function requiredPath(value: string | boolean | undefined, flag: string, missing: string): string | UsageError {
  if (value === undefined) return { error: missing };
  if (typeof value !== 'string' || value.trim() === '') return { error: `${flag} needs a file name.` };
  return value;
}

function optionalFolder(value: string | boolean | undefined): string | null | UsageError {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '') return { error: '--data needs a folder, e.g. --data /srv/pairwise.' };
  return value;
}
