// Issue 9's export figure:
//  csv_export_100k_ms  one session of 100,000 comparisons (the session builders' text: ~150-character prompts,
//                      ~500-character answers, CJK, emoji, formula-like cells; most voted, a few undone or edited),
//                      exported to CSV through the real session store into a real file (read from disk, rows built,
//                      neutralised, stringified, fsynced and renamed): median of a few runs, the session already open
//                      in a process of its own (support/export-holder.ts), as the app's main process holds it
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionHeaderRecord } from '../../electron/shared/sessions';
import { sessionRecords } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';
import { median, recordResults, round } from './support/results';

const COMPARISONS = 100_000;
const RUNS = 5;

const HOLDER_SOURCE = fileURLToPath(new URL('./support/export-holder.ts', import.meta.url));

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let folder: string;
let sessionId: string;
let holder: string;

/** Writes the session file as the store names it, a batch at a time (the records are never all in memory). */
async function writeSession(target: string): Promise<string> {
  const records = sessionRecords(COMPARISONS, { seed: 99, name: 'bench: 100k comparisons' });
  const header = records.next().value as SessionHeaderRecord;
  const file = createWriteStream(join(target, `${header.id}.jsonl`));
  let batch = `${JSON.stringify(header)}\n`;
  for (const record of records) {
    batch += `${JSON.stringify(record)}\n`;
    if (batch.length > 1 << 20) {
      if (!file.write(batch)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
      batch = '';
    }
  }
  file.end(batch);
  await finished(file);
  return header.id;
}

function runHolder(): Promise<{ comparisons: number; runs: { ms: number; rows: number; bytes: number }[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [holder, folder, sessionId, dir.path, String(RUNS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n')[0]!)) : reject(new Error(`the export holder failed (${code}): ${err}`))));
  });
}

beforeAll(async () => {
  dir = await makeTempDir('pairwise-bench-');
  folder = join(dir.path, 'sessions');
  await mkdir(folder, { recursive: true });
  holder = join(dir.path, 'export-holder.mjs');
  const bundle = await rolldown({ input: HOLDER_SOURCE, platform: 'node', logLevel: 'silent' });
  await bundle.write({ file: holder, format: 'esm' });
  sessionId = await writeSession(folder);
});
afterAll(async () => {
  await dir.remove();
});

it('exports 100,000 comparisons to CSV', async () => {
  const { comparisons, runs } = await runHolder();
  expect(comparisons).toBe(COMPARISONS);
  for (const run of runs) expect(run.rows).toBe(COMPARISONS);
  const times = runs.map((run) => run.ms);
  console.log(`[bench] csv export runs (ms): ${times.map((t) => round(t, 0)).join(', ')}; file ${round(runs[0]!.bytes / 2 ** 20, 1)} MiB`);
  recordResults('export', { csv_export_100k_ms: round(median(times), 0) });
});
