// Issue 9's session-store figures, over one session of 100,000 comparisons (150-character prompts, ~500-character
// answers per side, some CJK and emoji, a vote on most, a few undone; server records referenced by id):
//  store_load_100k_ms      reopening the session (the normal case: its index snapshot is there, checked against a
//                          hash of the whole file it covers): median over fresh processes, so nothing is cached but
//                          the OS page cache
//  store_load_100k_cold_ms opening it without a snapshot (read, validate, index the whole file: the first open after
//                          an import); each such process writes the snapshot when it closes
//  vote_append_p95_ms      one vote appended to that session, fsync included (200 votes)
//  history_search_100k_ms  a text search over every comparison's prompt, answers, comment and category: median of
//                          several queries
//  store_rss_100k_mb       resident memory of a Node process holding the session open, after a GC
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChatMessage } from '../../electron/shared/compare';
import type { ModelIndex, SessionRecord, Side } from '../../electron/shared/sessions';
import { seededRandom } from '../support/seeded-random';
import { buildComparison, buildHeader, buildServerRecord, buildUndo, buildVote } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';
import { median, percentile, recordResults, round } from './support/results';

const COMPARISONS = 100_000;
const LOADS = 3;
const COLD_LOADS = 3;
const VOTES = 200;
const QUERIES = ['attention layer', '梯度下降', 'Gradient Cache', 'she said "yes"', 'no such phrase anywhere', '🚀'];
const HOLDER_SOURCE = fileURLToPath(new URL('./support/session-holder.ts', import.meta.url));

interface HolderReport {
  loadMs: number;
  closeMs: number;
  summary: unknown;
  firstPage: unknown;
  searches: { text: string; ms: number; total: number }[];
  votes: number[];
  rssMb: number;
  heapMb: number;
  comparisons: number;
  notices: string[];
}

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let holder: string;
let folder: string;
let sessionId: string;

/** Writes the session file a batch at a time, so the generator never holds 100,000 records. */
function writeSession(path: string): string {
  const random = seededRandom(9);
  const header = buildHeader(random, { name: 'bench: 100k comparisons' });
  const settings = header.settings;
  let clock = Date.parse(header.at);
  const tick = () => new Date((clock += 1000 + Math.floor(random() * 30_000))).toISOString();
  const servers = [buildServerRecord(random, 0, tick()), buildServerRecord(random, 1, tick())];
  const fd = openSync(path, 'w');
  let batch: SessionRecord[] = [header, ...servers];
  const flush = () => {
    writeSync(fd, batch.map((r) => `${JSON.stringify(r)}\n`).join(''));
    batch = [];
  };
  let previous: { conversationId: string; turn: number; leftModel: ModelIndex; history: Record<Side, ChatMessage[]> } | null = null;
  for (let i = 0; i < COMPARISONS; i++) {
    // One comparison in ten continues the previous conversation (its history grows the record).
    const followUp = previous !== null && random() < 0.1;
    const comparison = buildComparison(random, {
      at: tick(),
      conversationId: followUp ? previous!.conversationId : undefined,
      turn: followUp ? previous!.turn + 1 : 1,
      leftModel: followUp ? previous!.leftModel : ((i % 2) as ModelIndex),
      history: followUp ? previous!.history : undefined,
      servers: { 0: servers[0]!.id, 1: servers[1]!.id },
      settings,
      // Some CJK, emoji, quotes and newlines: one comparison in ten; the rest plain English-like text.
      text: { tricky: random() < 0.1 },
    });
    previous = {
      conversationId: comparison.conversationId,
      turn: comparison.turn,
      leftModel: comparison.mapping.left,
      history: { left: [{ role: 'user', content: comparison.userMessage }, { role: 'assistant', content: comparison.sides.left.content }], right: [{ role: 'user', content: comparison.userMessage }, { role: 'assistant', content: comparison.sides.right.content }] },
    };
    batch.push(comparison);
    if (random() < 0.85) {
      const vote = buildVote(random, comparison, settings.dimensions, { at: tick() });
      batch.push(vote);
      if (random() < 0.02) batch.push(buildUndo(vote, tick()));
    }
    if (batch.length >= 2000) flush();
  }
  flush();
  closeSync(fd);
  return header.id;
}

function runHolder(votes: number): Promise<HolderReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', holder, folder, sessionId, JSON.stringify(QUERIES), String(votes)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the holder failed (${code}): ${err}`));
      const [report, closed] = out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ ...(report as unknown as HolderReport), closeMs: closed!.closeMs as number });
    });
  });
}

beforeAll(async () => {
  dir = await makeTempDir('pairwise-bench-sessions-');
  folder = join(dir.path, 'sessions');
  await mkdir(folder, { recursive: true });
  holder = join(dir.path, 'session-holder.mjs');
  const bundle = await rolldown({ input: HOLDER_SOURCE, platform: 'node', logLevel: 'silent' });
  await bundle.write({ file: holder, format: 'esm' });
  sessionId = writeSession(join(folder, 'placeholder.jsonl'));
  const { renameSync } = await import('node:fs');
  renameSync(join(folder, 'placeholder.jsonl'), join(folder, `${sessionId}.jsonl`));
});
afterAll(async () => {
  await dir?.remove();
});

it('loads, searches and appends to a session of 100,000 comparisons', async () => {
  const bytes = statSync(join(folder, `${sessionId}.jsonl`)).size;
  const snapshot = join(folder, `${sessionId}.index`);
  const cold: HolderReport[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    rmSync(snapshot, { force: true });
    cold.push(await runHolder(0));
    expect(existsSync(snapshot)).toBe(true);
  }
  const snapshotBytes = statSync(snapshot).size;
  const reports: HolderReport[] = [];
  for (let i = 0; i < LOADS; i++) reports.push(await runHolder(i === LOADS - 1 ? VOTES : 0));
  for (const report of [...cold, ...reports]) {
    expect(report.comparisons).toBe(COMPARISONS);
    expect(report.notices).toEqual([]);
    // The snapshot gives the same session as the file does.
    expect(report.summary).toEqual(cold[0]!.summary);
    expect(report.firstPage).toEqual(cold[0]!.firstPage);
    expect(report.searches.map((s) => s.total)).toEqual(cold[0]!.searches.map((s) => s.total));
  }
  const last = reports.at(-1)!;
  expect(last.votes).toHaveLength(VOTES);
  console.info(
    `sessions bench: file ${bytes} bytes (${Math.round(bytes / COMPARISONS)} per comparison), snapshot ${snapshotBytes} bytes; cold loads ${cold.map((r) => Math.round(r.loadMs)).join(', ')} ms (close, writing the snapshot: ${cold.map((r) => Math.round(r.closeMs)).join(', ')} ms); reopens ${reports.map((r) => Math.round(r.loadMs)).join(', ')} ms; searches ${last.searches.map((s) => `${s.text}: ${s.total} in ${s.ms.toFixed(1)} ms`).join('; ')}; heap ${Math.round(last.heapMb)} MB; rss cold ${cold.map((r) => Math.round(r.rssMb)).join(', ')}, reopened ${reports.map((r) => Math.round(r.rssMb)).join(', ')} MB`,
  );
  recordResults('sessions', {
    store_load_100k_ms: round(median(reports.map((r) => r.loadMs)), 0),
    store_load_100k_cold_ms: round(median(cold.map((r) => r.loadMs)), 0),
    vote_append_p95_ms: round(percentile(last.votes, 95), 2),
    history_search_100k_ms: round(median([...cold, ...reports].flatMap((r) => r.searches.map((s) => s.ms))), 1),
    store_rss_100k_mb: round(Math.max(...[...cold, ...reports].map((r) => r.rssMb)), 0),
  });
});
