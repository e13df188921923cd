import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_USAGE, IMPORT_USAGE, REPORT_USAGE } from '../../electron/host/commands';
import { STATS_COLUMNS } from '../../electron/services/export/stats-export';
import { formatCell, reportTable, rowsOf, scopeName } from '../../electron/services/report/report-table';
import { SessionStore } from '../../electron/services/sessions/session-store';
import { statsOfSession } from '../../electron/services/stats/session-stats';
import { REPORT_FILES } from '../../electron/shared/report';
import type { SessionHeaderRecord } from '../../electron/shared/sessions';
import { buildSessionRecords, ratedFrom, toJsonl } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';
import { tableUnder } from '../support/markdown-table';

// The built command line (out/main/host.js, built once by the integration project's global setup), run as a
// process of its own, as `npm run pairwise -- …` runs it.
const HOST_SCRIPT = fileURLToPath(new URL('../../out/main/host.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function pairwise(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [HOST_SCRIPT, ...args], { env, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('pairwise export, import and report (the built command line)', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let data: string;
  const records = buildSessionRecords(120, { seed: 41, name: 'CLI session' });
  const sessionId = (records[0] as SessionHeaderRecord).id;

  beforeEach(async () => {
    dir = await makeTempDir();
    data = join(dir.path, 'data');
    const store = new SessionStore({ folder: join(data, 'sessions') });
    await store.import(toJsonl(records));
    await store.close();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('prints each command’s usage for --help, and exits 0', async () => {
    expect(await pairwise(['export', '--help'])).toEqual({ code: 0, stdout: EXPORT_USAGE, stderr: '' });
    expect(await pairwise(['import', '-h'])).toEqual({ code: 0, stdout: IMPORT_USAGE, stderr: '' });
    expect(await pairwise(['report', '--help'])).toEqual({ code: 0, stdout: REPORT_USAGE, stderr: '' });
  });

  it('refuses a usage error with exit code 2, the reason and the usage, and writes nothing', async () => {
    const out = join(dir.path, 'x.csv');
    const run = await pairwise(['export', '--format', 'xlsx', '--data', data, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`pairwise: --format must be csv, jsonl, battles or stats, not "xlsx".\n\n${EXPORT_USAGE}`);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    const unknown = await pairwise(['export', '--format', 'csv', '--out', out, '--sesion', sessionId]);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'pairwise: unknown option --sesion.']);
  });

  it('exports a session to a CSV file that csv-parse reads back, one row per comparison', async () => {
    const out = join(dir.path, 'ratings.csv');
    const run = await pairwise(['export', '--format', 'csv', '--session', sessionId, '--data', data, '--out', out]);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^Exported session ${sessionId} to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 120 rows, [\\d.]+ KB\\.\\n$`));
    const [header, ...rows] = parse(readFileSync(out, 'utf8'), { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(header!.slice(0, 3)).toEqual(['comparison_id', 'conversation_id', 'replaces']);
    expect(rows.map((row) => row[0])).toEqual(ratedFrom(records).map((r) => r.comparison.id));
  });

  it('exports while another process holds the session open for writing', async () => {
    const holder = new SessionStore({ folder: join(data, 'sessions') });
    try {
      expect((await holder.open(sessionId)).readOnly).toBeNull(); // this process writes it, and holds the lock
      const out = join(dir.path, 'all.jsonl');
      const run = await pairwise(['export', '--format', 'jsonl', '--data', data, '--out', out]);
      expect(run, run.stderr).toMatchObject({ code: 0 });
      expect(readFileSync(out, 'utf8')).toBe(toJsonl(records));
    } finally {
      await holder.close();
    }
  });

  it('imports a JSONL export into another data folder, refuses it again there, and takes it as a copy', async () => {
    const file = join(dir.path, 'session.jsonl');
    writeFileSync(file, toJsonl(records));
    const other = join(dir.path, 'other');
    mkdirSync(other);
    const run = await pairwise(['import', '--in', file, '--data', other]);
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: `Imported "CLI session" (${sessionId}): 120 comparisons, ${ratedFrom(records).filter((r) => r.vote).length} votes.\n` });
    const again = await pairwise(['import', '--in', file, '--data', other]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`A session with the id ${sessionId} already exists`);
    const copy = await pairwise(['import', '--in', file, '--as-copy', '--data', other]);
    expect(copy, copy.stderr).toMatchObject({ code: 0 });
    expect(copy.stdout).not.toContain(sessionId);
    const out = join(dir.path, 'back.jsonl');
    expect((await pairwise(['export', '--format', 'jsonl', '--session', sessionId, '--data', other, '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(toJsonl(records));
  });

  // XDG_CONFIG_HOME places the desktop app's folder on Linux only (user-data-dir.ts)
  it.skipIf(process.platform !== 'linux')('uses the desktop app’s data folder by default, and says so when there is none', async () => {
    const config = join(dir.path, 'config');
    const env = { ...process.env, XDG_CONFIG_HOME: config };
    const missing = await pairwise(['export', '--format', 'battles', '--out', join(dir.path, 'b.json')], env);
    expect(missing).toMatchObject({ code: 1, stderr: `pairwise: there is no Pairwise data folder at ${join(config, 'Pairwise')}. Pass the one you use with --data DIR.\n` });
    const store = new SessionStore({ folder: join(config, 'Pairwise', 'sessions') });
    await store.import(toJsonl(records));
    await store.close();
    const out = join(dir.path, 'b.json');
    expect((await pairwise(['export', '--format', 'battles', '--out', out], env)).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length).toBe(ratedFrom(records).filter((r) => r.vote).length);
  });

  it('writes a session’s report: report.md with the numbers its statistics hold, table.csv and real PNG charts', async () => {
    const out = join(dir.path, 'report');
    const run = await pairwise(['report', '--session', sessionId, '--data', data, '--out', out]);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    const [first, ...listed] = run.stdout.trimEnd().split('\n');
    expect(first).toMatch(new RegExp(`^Wrote the report of "CLI session" \\(${sessionId}, \\d+ votes\\) to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:$`));
    const files = listed.map((line) => line.trim());
    expect(files.slice(0, 1)).toEqual([REPORT_FILES.markdown]);
    expect(files).toEqual(expect.arrayContaining([REPORT_FILES.table, REPORT_FILES.winRates, REPORT_FILES.latency]));
    expect(readdirSync(out).sort()).toEqual([...files].sort());

    // The statistics of the same session, computed here by the same services from the same file.
    const store = new SessionStore({ folder: join(data, 'sessions'), readOnly: true });
    const stats = statsOfSession(await store.openForReading(sessionId));
    await store.close();
    expect(stats.votes).toBe(ratedFrom(records).filter((r) => r.vote).length);
    expect(first).toContain(`${stats.votes} votes`);
    const md = readFileSync(join(out, REPORT_FILES.markdown), 'utf8');
    expect(md.startsWith('# CLI session\n')).toBe(true);
    expect(md).toContain(stats.verdict.replace(/[\\`*_[\]<>|~&#!]/g, '\\$&'));
    const table = reportTable(stats);
    for (const category of [null, ...stats.categories.map((c) => c.category)]) {
      const heading = category === null ? '### Overall' : `### ${category.replace(/[\\`*_[\]<>|~&#!]/g, '\\$&')}`;
      expect(tableUnder(md, heading)).toEqual([['Metric', ...stats.models], ...rowsOf(table, category).map((row) => [row.metric, ...row.cells.map((c) => formatCell(row.unit, c))])]);
    }
    // ...and those cells are the statistics' own figures: the first model's win rate and mean E2E latency
    const m0 = stats.overall.models[0]!;
    const overall = tableUnder(md, '### Overall');
    const winRate = overall.find((r) => r[0] === 'Win rate (of decided votes)')![1]!;
    expect(winRate).toBe(`${Math.round(m0.winRate.rate! * 100)}% (${Math.round(m0.winRate.ci!.low * 100)}–${Math.round(m0.winRate.ci!.high * 100)}%, n=${m0.winRate.n})`);
    const e2e = overall.find((r) => r[0] === 'Mean E2E latency (s)')![1]!;
    expect(e2e).toBe(`${(m0.latency.e2eMs.mean.mean! / 1000).toFixed(2)} (${(m0.latency.e2eMs.mean.ci!.low / 1000).toFixed(2)}–${(m0.latency.e2eMs.mean.ci!.high / 1000).toFixed(2)}, n=${m0.latency.e2eMs.n})`);

    const csv = parse(readFileSync(join(out, REPORT_FILES.table), 'utf8'), { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(csv).toEqual([['scope', 'metric', ...stats.models], ...table.rows.map((row) => [scopeName(row.category), row.metric, ...row.cells.map((c) => formatCell(row.unit, c))])]);
    for (const file of files.filter((f) => f.endsWith('.png'))) {
      const png = readFileSync(join(out, file));
      expect(png.subarray(0, 8).toString('hex'), file).toBe('89504e470d0a1a0a');
      expect(png.subarray(12, 16).toString('latin1'), file).toBe('IHDR');
      expect(png.readUInt32BE(16), file).toBe(1600);
      expect(png.length, file).toBeGreaterThan(10_000);
      expect(md).toContain(`](${file})`);
    }

    // Again into the same folder: the earlier report is replaced. Into a folder of other files: refused.
    expect((await pairwise(['report', '--session', sessionId, '--data', data, '--out', out])).code).toBe(0);
    const busy = join(dir.path, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    const refused = await pairwise(['report', '--session', sessionId, '--data', data, '--out', busy]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`pairwise: ${busy} already holds other files (notes.txt) and no earlier report: the report was not written. Name a new or empty folder, or the folder of an earlier report to replace it.\n`);
    expect(readdirSync(busy)).toEqual(['notes.txt']);
  });

  it('refuses a report of a session that is not there, and a usage error with the report’s usage', async () => {
    const out = join(dir.path, 'none');
    const missing = await pairwise(['report', '--session', '0b5e8a0c-3f1d-4c2a-9e7b-6d5c4b3a2910', '--data', data, '--out', out]);
    expect(missing.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    const usage = await pairwise(['report', '--session', sessionId, '--data', data]);
    expect(usage).toEqual({ code: 2, stdout: '', stderr: `pairwise: report needs --out DIR, the folder to write the report in.\n\n${REPORT_USAGE}` });
  });

  it('exports a session’s statistics as CSV, one row per estimate', async () => {
    const out = join(dir.path, 'stats.csv');
    const run = await pairwise(['export', '--format', 'stats', '--session', sessionId, '--data', data, '--out', out]);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = parse(readFileSync(out, 'utf8'), { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(header).toEqual([...STATS_COLUMNS]);
    const store = new SessionStore({ folder: join(data, 'sessions'), readOnly: true });
    const stats = statsOfSession(await store.openForReading(sessionId));
    await store.close();
    const votes = rows.find((r) => r[2] === 'overall' && r[3] === 'pair' && r[6] === 'votes')!;
    expect(votes[7]).toBe(String(stats.overall.pairs[0]!.votes));
    const winRate = rows.find((r) => r[2] === 'overall' && r[3] === 'model' && r[4] === stats.models[0] && r[6] === 'win_rate')!;
    expect(winRate.slice(7, 11)).toEqual([String(stats.overall.models[0]!.winRate.rate), String(stats.overall.models[0]!.winRate.ci!.low), String(stats.overall.models[0]!.winRate.ci!.high), String(stats.overall.models[0]!.winRate.n)]);
  });
});
