// A process that opens one session the way the main process does, for the sessions benchmark: it times the load
// (from the index snapshot beside the file when there is one), runs text searches over the history, optionally
// appends votes (each fsynced), then reports its resident memory after a GC with the session still open, and closes
// the store (which writes the snapshot a load without one calls for). Run with --expose-gc.
//   node --expose-gc session-holder.mjs SESSIONS_FOLDER SESSION_ID QUERIES_JSON VOTES
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { SessionStore } from '../../../electron/services/sessions/session-store';

const [folder, sessionId, queriesJson, votesArg] = process.argv.slice(2);

async function main(): Promise<void> {
  const store = new SessionStore({ folder: folder! });
  const loadStart = performance.now();
  const session = await store.open(sessionId!);
  const loadMs = performance.now() - loadStart;
  const summary = session.summary();
  const firstPage = session.history({ sessionId: sessionId!, offset: 0, limit: 50 });
  const searches: { text: string; ms: number; total: number }[] = [];
  for (const text of JSON.parse(queriesJson!) as string[]) {
    const start = performance.now();
    const page = session.history({ sessionId: sessionId!, text, offset: 0, limit: 100 });
    searches.push({ text, ms: performance.now() - start, total: page.total });
  }
  const votes: number[] = [];
  const unvoted = session.history({ sessionId: sessionId!, verdict: 'none', offset: 0, limit: Number(votesArg) }).items;
  for (const item of unvoted) {
    const start = performance.now();
    await session.append({ type: 'vote', at: new Date().toISOString(), id: randomUUID(), comparisonId: item.comparisonId, verdict: 'tie', scores: { left: { accuracy: 4 }, right: { accuracy: 3 } }, comment: '', category: 'bench', failedSides: [], blind: true });
    votes.push(performance.now() - start);
  }
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  writeSync(1, `${JSON.stringify({ loadMs, searches, votes, rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20, comparisons: session.comparisonCount, notices: session.notices, summary, firstPage })}\n`);
  const closeStart = performance.now();
  await store.close();
  writeSync(1, `${JSON.stringify({ closeMs: performance.now() - closeStart })}\n`);
}

main().catch((error: unknown) => {
  writeSync(2, `${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
