import { describe, expect, it } from 'vitest';
import { EXPORT_USAGE, IMPORT_USAGE, parseCommand } from '../../electron/host/commands';

const ID = '0b5e8a0c-3f1d-4c2a-9e7b-6d5c4b3a2910';

describe('the export and import command lines', () => {
  it('reads an export: format, session, data folder and output file', () => {
    expect(parseCommand(['export', '--format', 'csv', '--out', 'ratings.csv'])).toEqual({ kind: 'export', format: 'csv', sessionId: null, data: null, out: 'ratings.csv' });
    expect(parseCommand(['export', '--format=battles', `--session=${ID}`, '--data', '/srv/pw', '--out', '/tmp/b.json'])).toEqual({ kind: 'export', format: 'battles', sessionId: ID, data: '/srv/pw', out: '/tmp/b.json' });
  });

  it('reads an import, as a copy or not', () => {
    expect(parseCommand(['import', '--in', 's.jsonl'])).toEqual({ kind: 'import', input: 's.jsonl', asCopy: false, data: null });
    expect(parseCommand(['import', '--in', 's.jsonl', '--as-copy', '--data', 'd'])).toEqual({ kind: 'import', input: 's.jsonl', asCopy: true, data: 'd' });
  });

  it('answers --help and -h with the command’s usage', () => {
    expect(parseCommand(['export', '--help'])).toEqual({ kind: 'help', text: EXPORT_USAGE });
    expect(parseCommand(['import', '-h'])).toEqual({ kind: 'help', text: IMPORT_USAGE });
    expect(EXPORT_USAGE).toContain('Usage: pairwise export --format csv|jsonl|battles [--session ID] [--data DIR] --out FILE');
  });

  it.each([
    [['export', '--out', 'x.csv'], 'export needs --format csv, jsonl or battles.'],
    [['export', '--format', 'xlsx', '--out', 'x'], '--format must be csv, jsonl or battles, not "xlsx".'],
    [['export', '--format', 'csv'], 'export needs --out FILE, the file to write.'],
    [['export', '--format', 'csv', '--out', ''], '--out needs a file name.'],
    [['export', '--format', 'csv', '--out', 'x', '--session', '42'], '--session needs a session id (a UUID, as History shows it), not "42".'],
    [['export', '--format', 'csv', '--out', 'x', '--data', ''], '--data needs a folder, e.g. --data /srv/pairwise.'],
    [['export', '--fromat', 'csv'], 'unknown option --fromat.'],
    [['export', 'csv'], 'unexpected argument "csv" (every value follows its option, e.g. --out FILE).'],
    [['import'], 'import needs --in FILE, a JSONL export.'],
    [['import', '--in', 'a', '--as-copy=yes'], expect.stringContaining('--as-copy')],
    [['serve'], 'unknown command "serve": use export or import.'],
  ])('refuses %j: %s', (argv, error) => {
    expect(parseCommand(argv)).toEqual({ error });
  });
});
