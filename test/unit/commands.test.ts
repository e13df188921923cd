import { describe, expect, it } from 'vitest';
import { EXPORT_USAGE, IMPORT_USAGE, parseCommand, REPORT_USAGE } from '../../electron/host/commands';

const ID = '0b5e8a0c-3f1d-4c2a-9e7b-6d5c4b3a2910';

describe('the export, import and report command lines', () => {
  it('reads an export: format, session, data folder and output file', () => {
    expect(parseCommand(['export', '--format', 'csv', '--out', 'ratings.csv'])).toEqual({ kind: 'export', format: 'csv', sessionId: null, data: null, out: 'ratings.csv' });
    expect(parseCommand(['export', '--format=battles', `--session=${ID}`, '--data', '/srv/pw', '--out', '/tmp/b.json'])).toEqual({ kind: 'export', format: 'battles', sessionId: ID, data: '/srv/pw', out: '/tmp/b.json' });
    expect(parseCommand(['export', '--format', 'stats', '--session', ID, '--out', 'stats.csv'])).toEqual({ kind: 'export', format: 'stats', sessionId: ID, data: null, out: 'stats.csv' });
  });

  it('reads a report: session, output folder and data folder', () => {
    expect(parseCommand(['report', '--session', ID, '--out', 'report'])).toEqual({ kind: 'report', sessionId: ID, data: null, out: 'report' });
    expect(parseCommand(['report', `--out=/tmp/r`, '--data', '/srv/pw', `--session=${ID}`])).toEqual({ kind: 'report', sessionId: ID, data: '/srv/pw', out: '/tmp/r' });
  });

  it('reads an import, as a copy or not', () => {
    expect(parseCommand(['import', '--in', 's.jsonl'])).toEqual({ kind: 'import', input: 's.jsonl', asCopy: false, data: null });
    expect(parseCommand(['import', '--in', 's.jsonl', '--as-copy', '--data', 'd'])).toEqual({ kind: 'import', input: 's.jsonl', asCopy: true, data: 'd' });
  });

  it('answers --help and -h with the command’s usage', () => {
    expect(parseCommand(['export', '--help'])).toEqual({ kind: 'help', text: EXPORT_USAGE });
    expect(parseCommand(['import', '-h'])).toEqual({ kind: 'help', text: IMPORT_USAGE });
    expect(parseCommand(['report', '--help'])).toEqual({ kind: 'help', text: REPORT_USAGE });
    expect(parseCommand(['report', '-h', '--session', 'x'])).toEqual({ kind: 'help', text: REPORT_USAGE });
    expect(EXPORT_USAGE).toContain('Usage: pairwise export --format csv|jsonl|battles|stats [--session ID] [--data DIR] --out FILE');
    expect(EXPORT_USAGE).toContain('stats: one row per estimate');
    expect(REPORT_USAGE.split('\n')[0]).toBe('Usage: pairwise report --session ID --out DIR [--data DIR]');
  });

  it.each([
    [['export', '--out', 'x.csv'], 'export needs --format csv, jsonl, battles or stats.'],
    [['export', '--format', 'xlsx', '--out', 'x'], '--format must be csv, jsonl, battles or stats, not "xlsx".'],
    [['export', '--format', 'csv'], 'export needs --out FILE, the file to write.'],
    [['export', '--format', 'csv', '--out', ''], '--out needs a file name.'],
    [['export', '--format', 'csv', '--out', 'x', '--session', '42'], '--session needs a session id (a UUID, as History shows it), not "42".'],
    [['export', '--format', 'csv', '--out', 'x', '--data', ''], '--data needs a folder, e.g. --data /srv/pairwise.'],
    [['export', '--fromat', 'csv'], 'unknown option --fromat.'],
    [['export', 'csv'], 'unexpected argument "csv" (every value follows its option, e.g. --out FILE).'],
    [['import'], 'import needs --in FILE, a JSONL export.'],
    [['import', '--in', 'a', '--as-copy=yes'], expect.stringContaining('--as-copy')],
    [['report', '--out', 'r'], 'report needs --session ID, the session to report on (see History).'],
    [['report', '--session', '42', '--out', 'r'], '--session needs a session id (a UUID, as History shows it), not "42".'],
    [['report', '--session', ID], 'report needs --out DIR, the folder to write the report in.'],
    [['report', '--session', ID, '--out', ' '], '--out needs a folder name.'],
    [['report', '--session', ID, '--out', 'r', '--data', ''], '--data needs a folder, e.g. --data /srv/pairwise.'],
    [['report', '--session', ID, '--out', 'r', '--format', 'csv'], 'unknown option --format.'],
    [['report', ID], `unexpected argument "${ID}" (every value follows its option, e.g. --out FILE).`],
    [['report', '--session'], expect.stringContaining("'--session <value>' argument missing")],
    [['serve'], 'unknown command "serve": use export, import or report.'],
  ])('refuses %j: %s', (argv, error) => {
    expect(parseCommand(argv)).toEqual({ error });
  });
});
