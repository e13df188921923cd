import type { ComparisonSnapshot, Side, StartComparison } from '../../shared/compare';
import { SIDES } from '../../shared/compare';
import { ServiceError } from '../../shared/errors';
import type { EventBus } from '../events/event-bus';
import type { EngineConnection } from '../engines/engine';
import type { ProfileStore } from '../profiles/profile-store';
import { ComparisonRun } from './comparison-run';
import { Conversation, effectiveSampling, type TurnRecord } from './conversation';
import type { WarmupTracker } from './warmup';

export interface ComparisonServiceDeps {
  connection(profileId: string): EngineConnection | null;
  profiles: ProfileStore;
  bus: EventBus;
  warmups: WarmupTracker;
  random?: () => number;
  idleTimeoutMs?: number;
}

const KEEP_RUNS = 200;
const KEEP_CONVERSATIONS = 50;
const STILL_RUNNING = 'Both answers of the previous turn are still coming: wait for them, or cancel, before sending the next prompt.';

/** Starts, cancels and regenerates comparisons; keeps each conversation's per-side history. */
export class ComparisonService {
  private readonly conversations = new Map<string, Conversation>();
  private readonly runs = new Map<string, { run: ComparisonRun; request: StartComparison }>();
  /**
   * Conversations with a turn being prepared (waiting for a warm-up) but not yet running: marked before the first
   * await, so a second prompt (another window, a quick double send) cannot start a second run of the same turn.
   */
  private readonly preparing = new Set<string>();
  private disposed = false;

  constructor(private readonly deps: ComparisonServiceDeps) {}

  async start(request: StartComparison): Promise<ComparisonSnapshot> {
    const profileIds = { left: request.leftProfileId, right: request.rightProfileId };
    const conversation = this.conversationFor(request, profileIds);
    if (this.runningIn(conversation.id)) throw new ServiceError('conflict', STILL_RUNNING);
    const run = await this.launch(request, conversation, conversation.turnCount + 1, (turn) => conversation.addTurn(turn));
    this.remember(conversation); // only now: a first prompt refused (server not ready) leaves nothing behind
    return structuredClone(run.snapshot);
  }

  /** The same turn again, on both sides together; it replaces the last turn of the conversation. */
  async regenerate(comparisonId: string): Promise<ComparisonSnapshot> {
    const entry = this.runs.get(comparisonId);
    const conversation = entry && this.conversations.get(entry.run.snapshot.conversationId);
    if (!entry || !conversation) throw new ServiceError('not-found', 'That comparison is no longer kept (the app was restarted, or it is one of the oldest of a long session): send its prompt again.');
    if (this.runningIn(conversation.id)) throw new ServiceError('conflict', STILL_RUNNING);
    if (conversation.lastTurn?.comparisonId !== comparisonId) throw new ServiceError('conflict', 'Only the last turn of a conversation can be regenerated, once both answers are in.');
    const run = await this.launch(entry.request, conversation, entry.run.snapshot.turn, (turn) => conversation.replaceLastTurn(turn));
    this.remember(conversation);
    return structuredClone(run.snapshot);
  }

  cancel(comparisonId: string, side?: Side): ComparisonSnapshot {
    const entry = this.runs.get(comparisonId);
    if (!entry) throw new ServiceError('not-found', 'That comparison is no longer known.');
    entry.run.cancel(side);
    return structuredClone(entry.run.snapshot);
  }

  get(comparisonId: string): ComparisonSnapshot {
    const entry = this.runs.get(comparisonId);
    if (!entry) throw new ServiceError('not-found', 'That comparison is no longer known.');
    return structuredClone(entry.run.snapshot);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const { run } of this.runs.values()) run.cancel();
    await Promise.allSettled([...this.runs.values()].map(({ run }) => run.finished));
  }

  private conversationFor(request: StartComparison, profileIds: Record<Side, string>): Conversation {
    if (request.conversationId === null) return new Conversation(profileIds, request.systemPrompt);
    const existing = this.conversations.get(request.conversationId);
    if (!existing) throw new ServiceError('not-found', 'That conversation is no longer known; start a new one.');
    if (!existing.matches(profileIds, request.systemPrompt)) throw new ServiceError('invalid-request', 'A conversation keeps its two models and system prompt; start a new conversation to change them.');
    return existing;
  }

  private async launch(request: StartComparison, conversation: Conversation, turn: number, onComplete: (turn: TurnRecord) => void): Promise<ComparisonRun> {
    const connections = {} as Record<Side, EngineConnection>;
    for (const side of SIDES) {
      const profileId = conversation.profileIds[side];
      const connection = this.deps.connection(profileId);
      if (!connection) throw new ServiceError('conflict', `${this.deps.profiles.get(profileId)?.name ?? profileId} is not ready. Launch it in Models (or wait until it is ready), then send again.`);
      connections[side] = connection;
    }
    // A first request pays for CUDA graph warm-up and caches: that cost must not land in a comparison.
    this.preparing.add(conversation.id);
    try {
      await Promise.all(SIDES.map((side) => this.deps.warmups.wait(conversation.profileIds[side])));
    } finally {
      this.preparing.delete(conversation.id);
    }
    if (this.disposed) throw new ServiceError('conflict', 'Pairwise is shutting down: the prompt was not sent.');
    const run = new ComparisonRun({
      conversation,
      turn,
      userMessage: request.userMessage,
      sides: {
        left: { connection: connections.left, settings: { profileId: conversation.profileIds.left, ...effectiveSampling(request.sampling, request.overrides?.left) } },
        right: { connection: connections.right, settings: { profileId: conversation.profileIds.right, ...effectiveSampling(request.sampling, request.overrides?.right) } },
      },
      emitDelta: (delta) => this.deps.bus.emit('compare.delta', delta),
      emitFinished: (finished) => this.deps.bus.emit('compare.sideFinished', finished),
      onComplete,
      random: this.deps.random ?? Math.random,
      idleTimeoutMs: this.deps.idleTimeoutMs ?? 120_000,
      connectTimeoutMs: 10_000,
    });
    this.runs.set(run.comparisonId, { run, request });
    this.trim();
    return run;
  }

  private runningIn(conversationId: string): boolean {
    return this.preparing.has(conversationId) || [...this.runs.values()].some(({ run }) => run.snapshot.conversationId === conversationId && run.running);
  }

  private remember(conversation: Conversation): void {
    this.conversations.delete(conversation.id); // re-inserted: the map's order is least recently used first
    this.conversations.set(conversation.id, conversation);
    for (const id of this.conversations.keys()) {
      if (this.conversations.size <= KEEP_CONVERSATIONS) break;
      if (!this.runningIn(id)) this.conversations.delete(id);
    }
  }

  /** Keeps memory bounded in a long session (rating sessions on disk keep the full record). */
  private trim(): void {
    for (const [id, { run }] of this.runs) {
      if (this.runs.size <= KEEP_RUNS) break;
      if (!run.running) this.runs.delete(id);
    }
  }
}
