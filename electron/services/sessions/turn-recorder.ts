// Writing each finished comparison to its session (with the server records it refers to). A comparison is
// recorded when both sides are over; a vote waits for that write, and a write that failed (a full disk) is
// retried by the vote, so a vote never refers to a comparison that is not on disk.
import { randomUUID } from 'node:crypto';
import type { Side } from '../../shared/compare';
import { SIDES } from '../../shared/compare';
import type { ModelIndex, ServerFacts, SessionRecord } from '../../shared/sessions';
import type { ComparisonRun } from '../compare/comparison-run';
import type { EventBus } from '../events/event-bus';
import type { NoticeCenter } from '../events/notice-center';
import { comparisonRecord, type PromptContext } from './comparison-record';
import type { OpenSession } from './session-types';

export interface RecordOptions {
  mapping: Record<Side, ModelIndex>;
  replaces: string | null;
  prompt?: PromptContext;
}

interface Pending {
  session: OpenSession;
  /** Records not yet on disk, in order (server records first, the comparison last). */
  records: SessionRecord[];
  conversationId: string;
  /** The first write (its failure caught and reported); a vote awaits it before retrying. */
  write: Promise<void>;
  /** The flush running now, if any: a second caller joins it instead of writing the same records again. */
  flushing: Promise<void> | null;
}

export class TurnRecorder {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: { bus: EventBus; notices: NoticeCenter; onRecorded(sessionId: string, conversationId: string): void }) {}

  /** Starts writing the run's comparison (called as both sides end; the vote awaits it through `ensure`). */
  record(session: OpenSession, run: ComparisonRun, options: RecordOptions): void {
    const records = this.serverRecords(session, run, options.mapping);
    const servers = {} as Record<Side, string>;
    for (const side of SIDES) servers[side] = this.serverId(session, records, options.mapping[side]);
    const blind = run.publisher.revealed === null;
    // The seed both requests carried (per-side overrides never touch it in a session).
    const seed = run.snapshot.sides.left.settings.sampling.seed;
    const comparison = comparisonRecord(run, { conversationId: run.snapshot.conversationId, blind, servers, seed, systemPrompt: run.systemPrompt, equalReveal: run.publisher.holdsTimings, ...options });
    records.push(comparison);
    const entry: Pending = { session, records, conversationId: comparison.conversationId, write: Promise.resolve(), flushing: null };
    this.pending.set(comparison.id, entry);
    entry.write = this.flush(entry, comparison.id).catch((error: unknown) => {
      this.deps.notices.raise('error', `This comparison could not be saved yet: ${error instanceof Error ? error.message : String(error)} It is kept in memory and saved with your vote.`);
    });
  }

  /** Resolves once the comparison is on disk (writing it again if the first write failed); throws why not. */
  async ensure(comparisonId: string): Promise<void> {
    const entry = this.pending.get(comparisonId);
    if (!entry) return;
    await entry.write;
    if (this.pending.has(comparisonId)) await this.flush(entry, comparisonId);
  }

  /** Recorded, or on its way to disk. */
  knows(session: OpenSession, comparisonId: string): boolean {
    return this.pending.has(comparisonId) || session.hasComparison(comparisonId);
  }

  /** Writes what is left of the entry's records: one flush at a time per entry, callers share it. */
  private flush(entry: Pending, comparisonId: string): Promise<void> {
    entry.flushing ??= this.writeOut(entry, comparisonId).finally(() => {
      entry.flushing = null;
    });
    return entry.flushing;
  }

  private async writeOut(entry: Pending, comparisonId: string): Promise<void> {
    // Earlier comparisons of the session that failed to save go first: this one may refer to their server records.
    for (const [id, earlier] of this.pending) {
      if (id === comparisonId) break;
      if (earlier.session === entry.session) await this.flush(earlier, id);
    }
    while (entry.records.length > 0) {
      await entry.session.append(entry.records[0]!);
      entry.records.shift();
    }
    this.pending.delete(comparisonId);
    this.deps.onRecorded(entry.session.id, entry.conversationId);
    this.deps.bus.emit('sessions.changed', { sessionId: entry.session.id });
  }

  /** At shutdown: one more try for every comparison not on disk yet; what still fails is said, not lost silently. */
  async flushAll(): Promise<void> {
    for (const [id, entry] of [...this.pending]) {
      await this.flush(entry, id).catch((error: unknown) => {
        this.deps.notices.raise('error', `A comparison of session ${entry.session.name} could not be saved before Pairwise stopped: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }

  /** A server record for each model whose facts differ from the last one recorded (a new launch, a new argv). */
  private serverRecords(session: OpenSession, run: ComparisonRun, mapping: Record<Side, ModelIndex>): SessionRecord[] {
    const records: SessionRecord[] = [];
    for (const side of SIDES) {
      const facts = run.facts[side];
      const latest = this.latestUnwritten(session, mapping[side]) ?? session.latestServer(mapping[side]);
      if (latest && sameFacts(latest.facts, facts)) continue;
      records.push({ type: 'server', at: new Date().toISOString(), id: randomUUID(), model: mapping[side], facts });
    }
    return records;
  }

  /** A server record still waiting in a failed write (a full disk) counts as the latest. */
  private latestUnwritten(session: OpenSession, model: ModelIndex): { id: string; facts: ServerFacts } | null {
    let found: { id: string; facts: ServerFacts } | null = null;
    for (const entry of this.pending.values()) {
      if (entry.session !== session) continue;
      for (const record of entry.records) if (record.type === 'server' && record.model === model) found = { id: record.id, facts: record.facts };
    }
    return found;
  }

  private serverId(session: OpenSession, fresh: SessionRecord[], model: ModelIndex): string {
    const own = fresh.find((record) => record.type === 'server' && record.model === model);
    if (own?.type === 'server') return own.id;
    return (this.latestUnwritten(session, model) ?? session.latestServer(model))!.id;
  }
}

function sameFacts(a: ServerFacts, b: ServerFacts): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
