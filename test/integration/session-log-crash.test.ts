// A vote acknowledged is a vote kept (design §6): a writer process saving votes as fast as it can is SIGKILLed at
// random moments, 200 times over one session file. After each kill the file must load, hold every vote the writer
// acknowledged, and have no damaged line; the next writer goes on where the last confirmed one stopped.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionLog } from '../../electron/services/sessions/session-log';
import { seededRandom } from '../support/seeded-random';
import { makeTempDir } from '../support/temp-dir';

const ITERATIONS = 200;
const WRITER_SOURCE = fileURLToPath(new URL('../fixtures/session-writer/writer.ts', import.meta.url));

/** Runs the writer until it has opened the log, lets it save for `killAfterMs`, SIGKILLs it; returns the acked seqs. */
function runAndKill(writer: string, file: string, firstSeq: number, killAfterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file, String(firstSeq)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!armed && out.includes('open\n')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`the writer ended by itself (code ${code}): ${err}`));
      // Only whole lines count: "ack 12" cut to "ack 1" was not printed, so not acknowledged.
      const complete = out.slice(0, out.lastIndexOf('\n') + 1);
      resolve([...complete.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1])));
    });
  });
}

describe('the session log under SIGKILL', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let writer: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    // Bundled once, so each of the 200 writers starts as plain Node in a few tens of milliseconds.
    writer = join(dir.path, 'writer.mjs');
    const bundle = await rolldown({ input: WRITER_SOURCE, platform: 'node', logLevel: 'silent' });
    await bundle.write({ file: writer, format: 'esm' });
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it(`keeps every acknowledged vote over ${ITERATIONS} kills, and the file always loads`, { timeout: 300_000 }, async () => {
    const file = join(dir.path, 'session.jsonl');
    const next = seededRandom(42);
    const acknowledged = new Set<number>();
    let firstSeq = 0;
    let torn = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const acked = await runAndKill(writer, file, firstSeq, Math.floor(next() * 25));
      acked.forEach((seq) => acknowledged.add(seq));
      // The killed writer could not release its lock; a restart after it goes stale would find it gone.
      await rm(`${file}.lock`, { recursive: true, force: true });
      const saved = new Set<number>();
      const { log, notices } = await SessionLog.open(file, (record) => saved.add(record.seq as number));
      await log.close();
      const lost = [...acknowledged].filter((seq) => !saved.has(seq));
      expect(lost, `iteration ${i}: acknowledged but not in the file`).toEqual([]);
      expect(notices.filter((n) => n.includes('damaged')), `iteration ${i}`).toEqual([]);
      torn += notices.filter((n) => n.includes('cut short')).length;
      firstSeq = Math.max(-1, ...saved) + 1;
    }
    console.info(`session log crash test: ${ITERATIONS} kills, ${acknowledged.size} acknowledged votes, all kept; ${torn} torn last lines dropped; ${firstSeq} records in the file`);
    expect(acknowledged.size).toBeGreaterThan(ITERATIONS);
  });
});
