// Issue 9's export figure:
//  csv_export_100k_ms  one session of 100,000 comparisons (the session builders' text: ~150-character prompts,
//                      ~500-character answers, CJK, emoji, formula-like cells; most voted, a few undone or edited),
//                      exported to CSV through the real session store into a real file (read from disk, rows built,
//                      neutralised, stringified, fsynced and renamed): median of a few runs, the session already open
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportToFile } from '../../electron/services/export/export-run';
import { SessionStore } from '../../electron/services/sessions/session-store';
import type { SessionHeaderRecord } from '../../electron/shared/sessions';
import { sessionRecords } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';
import { median, recordResults, round } from './support/results';

const COMPARISONS = 100_000;
const RUNS = 5;

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let store: SessionStore;
let sessionId: string;

/** Writes the session file as the store names it, a batch at a time (the records are never all in memory). */
async function writeSession(folder: string): Promise<string> {
  const records = sessionRecords(COMPARISONS, { seed: 99, name: 'bench: 100k comparisons' });
  const header = records.next().value as SessionHeaderRecord;
  const file = createWriteStream(join(folder, `${header.id}.jsonl`));
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

beforeAll(async () => {
  dir = await makeTempDir('pairwise-bench-');
  const folder = join(dir.path, 'sessions');
  await mkdir(folder, { recursive: true });
  sessionId = await writeSession(folder);
  store = new SessionStore({ folder });
  const session = await store.open(sessionId);
  expect(session.comparisonCount).toBe(COMPARISONS);
});
afterAll(async () => {
  await store.close();
  await dir.remove();
});

it('exports 100,000 comparisons to CSV', async () => {
  const times: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const path = join(dir.path, `export-${run}.csv`);
    const started = performance.now();
    const result = await exportToFile(path, { format: 'csv', sessionId }, store);
    times.push(performance.now() - started);
    expect(result.rows).toBe(COMPARISONS);
    bytes = (await stat(path)).size;
  }
  console.log(`[bench] csv export runs (ms): ${times.map((t) => round(t, 0)).join(', ')}; file ${round(bytes / 2 ** 20, 1)} MiB`);
  recordResults('export', { csv_export_100k_ms: round(median(times), 0) });
});
