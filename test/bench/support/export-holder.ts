// A process that opens one session as the main process does (from the file, with its index snapshot when there
// is one) and exports it to CSV a few times, for the export benchmark: the export is timed in a heap like the
// app's, not in one still full of the 100,000 records the benchmark generated.
//   node export-holder.mjs SESSIONS_FOLDER SESSION_ID OUT_FOLDER RUNS
import { stat } from 'node:fs/promises';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { exportToFile } from '../../../electron/services/export/export-run';
import { SessionStore } from '../../../electron/services/sessions/session-store';

const [folder, sessionId, outFolder, runsArg] = process.argv.slice(2);

async function main(): Promise<void> {
  // Opened once and closed, so its index snapshot is written (as after any earlier use of the session); then
  // opened as the app reopens it, with nothing of the open still running in the background during the exports.
  const first = new SessionStore({ folder: folder! });
  await first.open(sessionId!);
  await first.close();
  const store = new SessionStore({ folder: folder! });
  const session = await store.open(sessionId!);
  const runs: { ms: number; rows: number; bytes: number }[] = [];
  for (let run = 0; run < Number(runsArg); run++) {
    const path = join(outFolder!, `export-${run}.csv`);
    const started = performance.now();
    const result = await exportToFile(path, { format: 'csv', sessionId: sessionId! }, store);
    runs.push({ ms: performance.now() - started, rows: result.rows, bytes: (await stat(path)).size });
  }
  writeSync(1, `${JSON.stringify({ comparisons: session.comparisonCount, runs })}\n`);
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
