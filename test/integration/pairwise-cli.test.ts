import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_USAGE, IMPORT_USAGE } from '../../electron/host/commands';
import { SessionStore } from '../../electron/services/sessions/session-store';
import type { SessionHeaderRecord } from '../../electron/shared/sessions';
import { buildSessionRecords, ratedFrom, toJsonl } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';

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

describe('pairwise export and import (the built command line)', () => {
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
  });

  it('refuses a usage error with exit code 2, the reason and the usage, and writes nothing', async () => {
    const out = join(dir.path, 'x.csv');
    const run = await pairwise(['export', '--format', 'xlsx', '--data', data, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`pairwise: --format must be csv, jsonl or battles, not "xlsx".\n\n${EXPORT_USAGE}`);
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
});
