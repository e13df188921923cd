import type { ComparisonSnapshot, Side, SideSettings, StartComparison } from '../../shared/compare';
import { SIDES } from '../../shared/compare';
import { ServiceError } from '../../shared/errors';
import type { EventBus } from '../events/event-bus';
import type { EngineConnection } from '../engines/engine';
import type { ProfileStore } from '../profiles/profile-store';
import { ComparisonRun } from './comparison-run';
import { Conversation, effectiveSampling, type SessionPlacement, type TurnRecord } from './conversation';
import { TurnPublisher } from './turn-publisher';
import type { ModelIndex, Reveal } from '../../shared/sessions';
import type { SamplingParams } from '../../shared/compare';
import { modelIdentity } from '../profiles/model-identity';
import type { WarmupTracker } from './warmup';

export interface ComparisonServiceDeps {
  connection(profileId: string): EngineConnection | null;
  profiles: ProfileStore;
  bus: EventBus;
  warmups: WarmupTracker;
  random?: () => number;
  idleTimeoutMs?: number;
}

/** What a turn is part of, and what happens around it: a rating session's, or Compare's own (nothing recorded). */
export interface TurnHooks {
  sessionId: string | null;
  /** Names withheld until the reveal (a conversation a vote has revealed is no longer blind). */
  blind: boolean;
  equalReveal: boolean;
  /**
   * What each side's settings are shown as while blind, when the settings themselves would tell the sides apart
   * (a variant session: each variant is its settings); undefined: shown as they are.
   */
  blindSettings?: SideSettings;
  /** Who is on which side, for the reveal. */
  reveal(comparisonId: string): Reveal;
  /** Both sides are over (called before the last outcome goes out). */
  completed(run: ComparisonRun, replaces: string | null): void;
  /** Throws why a turn cannot start now (a session another process writes); checked again for a regeneration. */
  check?(): Promise<void>;
}

export interface TurnStart {
  /** Made by the renderer: every delta it receives belongs to a turn it already shows. */
  comparisonId: string;
  /** Continue this conversation; null starts a new one with `profileIds` (placed in `placement`, in a session). */
  conversationId: string | null;
  profileIds: Record<Side, string>;
  placement: SessionPlacement | null;
  systemPrompt: string;
  /** Per side, a system prompt of its own (a variant's), in place of `systemPrompt`. */
  sideSystemPrompts?: Partial<Record<Side, string>>;
  userMessage: string;
  sampling: SamplingParams;
  overrides?: StartComparison['overrides'];
  hooks: TurnHooks;
  /** A regeneration's sampling (a session that draws a seed per comparison draws a new one); default: the same. */
  resample?: (sampling: SamplingParams) => SamplingParams;
}

const KEEP_RUNS = 200;
const KEEP_CONVERSATIONS = 50;
const KEEP_EARLY_CANCELS = 100;
const STILL_RUNNING = 'Both answers of the previous turn are still coming: wait for them, or cancel, before sending the next prompt.';

/** Starts, cancels and regenerates comparisons; keeps each conversation's per-side history. */
export class ComparisonService {
  private readonly conversations = new Map<string, Conversation>();
  private readonly runs = new Map<string, { run: ComparisonRun; request: TurnStart }>();
  /**
   * Conversations with a turn being prepared (waiting for a warm-up) but not yet running: marked before the first
   * await, so a second prompt (another window, a quick double send) cannot start a second run of the same turn.
   */
  private readonly preparing = new Set<string>();
  /** Comparison ids taken (running or prepared), so a renderer's id cannot name two comparisons. */
  private readonly claimed = new Set<string>();
  /** Cancels that came before their run existed, by comparison id (bounded: most never find a run). */
  private readonly earlyCancels = new Map<string, Side | undefined>();
  private disposed = false;

  constructor(private readonly deps: ComparisonServiceDeps) {}

  /** A comparison outside any session: the renderer picked the sides, so nothing is hidden and nothing recorded. */
  start(request: StartComparison): Promise<ComparisonSnapshot> {
    const profileIds = { left: request.leftProfileId, right: request.rightProfileId };
    return this.startTurn({
      comparisonId: request.comparisonId,
      conversationId: request.conversationId,
      profileIds,
      placement: null,
      systemPrompt: request.systemPrompt,
      userMessage: request.userMessage,
      sampling: request.sampling,
      overrides: request.overrides,
      hooks: { sessionId: null, blind: false, equalReveal: false, reveal: (comparisonId) => this.openReveal(comparisonId, profileIds), completed: () => {} },
    });
  }

  async startTurn(request: TurnStart): Promise<ComparisonSnapshot> {
    const conversation = this.conversationFor(request);
    if (this.runningIn(conversation.id)) throw new ServiceError('conflict', STILL_RUNNING);
    const run = await this.launch(request, conversation, conversation.turnCount + 1, null, (turn) => conversation.addTurn(turn));
    this.remember(conversation); // only now: a first prompt refused (server not ready) leaves nothing behind
    return run.view();
  }

  /** The same turn again, on both sides together; it replaces the last turn of the conversation. */
  async regenerate(comparisonId: string, newComparisonId: string): Promise<ComparisonSnapshot> {
    const known = this.runs.get(comparisonId);
    if (!known) throw new ServiceError('not-found', 'That comparison is no longer kept (the app was restarted, or it is one of the oldest of a long session): send its prompt again.');
    // First, as it may wait: from the checks below to the run's start nothing may (a second regenerate must see it).
    await known.request.hooks.check?.();
    const entry = this.runs.get(comparisonId);
    const conversation = entry && this.conversations.get(entry.run.snapshot.conversationId);
    if (!entry || !conversation) throw new ServiceError('not-found', 'That comparison is no longer kept (the app was restarted, or it is one of the oldest of a long session): send its prompt again.');
    if (this.runningIn(conversation.id)) throw new ServiceError('conflict', STILL_RUNNING);
    if (conversation.lastTurn?.comparisonId !== comparisonId) throw new ServiceError('conflict', 'Only the last turn of a conversation can be regenerated, once both answers are in.');
    const request = { ...entry.request, comparisonId: newComparisonId, sampling: entry.request.resample?.(entry.request.sampling) ?? entry.request.sampling };
    const run = await this.launch(request, conversation, entry.run.snapshot.turn, comparisonId, (turn) => conversation.replaceLastTurn(turn));
    this.remember(conversation);
    return run.view();
  }

  /** Brings back a recorded conversation (reopened from History), to go on with it. */
  restoreConversation(conversation: Conversation): void {
    if (this.runningIn(conversation.id)) throw new ServiceError('conflict', STILL_RUNNING);
    this.remember(conversation);
  }

  conversation(conversationId: string): Conversation | null {
    return this.conversations.get(conversationId) ?? null;
  }

  /** The run of a comparison, while it is kept in memory. */
  run(comparisonId: string): ComparisonRun | null {
    return this.runs.get(comparisonId)?.run ?? null;
  }

  /**
   * Cancels one side or both. The renderer names a turn before the service has it (its start may still be on
   * the way, or waiting for a warm-up): then the cancel is kept and applied as the run begins (null reply).
   */
  cancel(comparisonId: string, side?: Side): ComparisonSnapshot | null {
    const entry = this.runs.get(comparisonId);
    if (!entry) {
      this.cancelEarly(comparisonId, side);
      return null;
    }
    entry.run.cancel(side);
    return entry.run.view();
  }

  get(comparisonId: string): ComparisonSnapshot {
    const entry = this.runs.get(comparisonId);
    if (!entry) throw new ServiceError('not-found', 'That comparison is no longer known.');
    return entry.run.view();
  }

  /**
   * Resolves once no comparison is streaming or waiting to start (at once when none is). Heavy work in this
   * process waits for it: while answers stream, a blocked event loop reads their bytes late and lengthens the
   * very timings being measured.
   */
  async quiet(): Promise<void> {
    for (;;) {
      const streaming = [...this.runs.values()].filter(({ run }) => run.running).map(({ run }) => run.finished);
      if (streaming.length > 0) await Promise.allSettled(streaming);
      else if (this.preparing.size > 0) await new Promise((resolve) => setTimeout(resolve, 25));
      else return;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const { run } of this.runs.values()) run.cancel();
    await Promise.allSettled([...this.runs.values()].map(({ run }) => run.finished));
  }

  private conversationFor(request: TurnStart): Conversation {
    const sessionId = request.hooks.sessionId;
    if (request.conversationId === null) return new Conversation(request.profileIds, request.systemPrompt, request.placement, undefined, request.sideSystemPrompts);
    const existing = this.conversations.get(request.conversationId);
    if (!existing) throw new ServiceError('not-found', 'That conversation is no longer known; start a new one.');
    if ((existing.session?.sessionId ?? null) !== sessionId) throw new ServiceError('invalid-request', 'That conversation belongs to another session (or to none); start a new conversation here.');
    if (sessionId === null && !existing.matches(request.profileIds, request.systemPrompt)) throw new ServiceError('invalid-request', 'A conversation keeps its two models and system prompt; start a new conversation to change them.');
    return existing;
  }

  private async launch(request: TurnStart, conversation: Conversation, turn: number, replaces: string | null, onComplete: (turn: TurnRecord) => void): Promise<ComparisonRun> {
    if (this.claimed.has(request.comparisonId) || this.runs.has(request.comparisonId)) throw new ServiceError('conflict', 'That comparison id is taken: make a new one for each turn.');
    const connections = this.connectionsOf(conversation, request.hooks.blind);
    this.claimed.add(request.comparisonId);
    // A first request pays for CUDA graph warm-up and caches: that cost must not land in a comparison.
    this.preparing.add(conversation.id);
    try {
      await Promise.all(SIDES.map((side) => this.deps.warmups.wait(conversation.profileIds[side])));
    } finally {
      this.preparing.delete(conversation.id);
      this.claimed.delete(request.comparisonId);
    }
    if (this.disposed) throw new ServiceError('conflict', 'Pairwise is shutting down: the prompt was not sent.');
    const { hooks } = request;
    const blind = hooks.blind && !conversation.session?.revealed;
    const policy = { blind, equalReveal: hooks.equalReveal && blind, blindSettings: blind ? (hooks.blindSettings ?? null) : null, identifying: { left: this.identifying(conversation.profileIds.left, connections.left), right: this.identifying(conversation.profileIds.right, connections.right) } };
    const publisher = new TurnPublisher(request.comparisonId, policy, { delta: (d) => this.deps.bus.emit('compare.delta', d), finished: (f) => this.deps.bus.emit('compare.sideFinished', f) }, () => hooks.reveal(request.comparisonId));
    const run = new ComparisonRun({
      comparisonId: request.comparisonId,
      sessionId: hooks.sessionId,
      conversation,
      turn,
      userMessage: request.userMessage,
      sides: {
        left: { connection: connections.left, settings: sideSettings(request, conversation, 'left') },
        right: { connection: connections.right, settings: sideSettings(request, conversation, 'right') },
      },
      publisher,
      onComplete: (record, done) => {
        onComplete(record);
        hooks.completed(done, replaces);
      },
      random: this.deps.random ?? Math.random,
      idleTimeoutMs: this.deps.idleTimeoutMs ?? 120_000,
      connectTimeoutMs: 10_000,
    });
    this.runs.set(run.comparisonId, { run, request });
    if (this.earlyCancels.has(run.comparisonId)) {
      run.cancel(this.earlyCancels.get(run.comparisonId));
      this.earlyCancels.delete(run.comparisonId);
    }
    this.trim();
    return run;
  }

  private connectionsOf(conversation: Conversation, blind: boolean): Record<Side, EngineConnection> {
    const connections = {} as Record<Side, EngineConnection>;
    for (const side of SIDES) {
      const profileId = conversation.profileIds[side];
      const connection = this.deps.connection(profileId);
      if (!connection) {
        // Blind, even this refusal must not say which model is where: the session's model list is in Models.
        const who = blind ? 'One of this session’s models' : (this.deps.profiles.get(profileId)?.name ?? profileId);
        throw new ServiceError('conflict', `${who} is not ready. Launch it in Models (or wait until it is ready), then send again.`);
      }
      connections[side] = connection;
    }
    return connections;
  }

  /** Everything that would name a side's model in the app's own words. */
  private identifying(profileId: string, connection: EngineConnection): string[] {
    const profile = this.deps.profiles.get(profileId);
    const url = new URL(connection.baseUrl);
    return [profileId, connection.servedName, connection.baseUrl, url.origin, url.host, connection.facts.source, ...(url.port ? [url.port] : []), ...(profile ? [profile.name] : [])];
  }

  private openReveal(comparisonId: string, profileIds: Record<Side, string>): Reveal {
    const side = (s: Side) => {
      const profile = this.deps.profiles.get(profileIds[s]);
      const identity = profile ? modelIdentity(profile) : { name: profileIds[s], servedName: '', source: '' };
      return { model: (s === 'left' ? 0 : 1) as ModelIndex, ...identity };
    };
    return { sessionId: null, comparisonId, sides: { left: side('left'), right: side('right') }, outcomes: null };
  }

  private cancelEarly(comparisonId: string, side: Side | undefined): void {
    this.earlyCancels.set(comparisonId, side);
    for (const id of this.earlyCancels.keys()) {
      if (this.earlyCancels.size <= KEEP_EARLY_CANCELS) break;
      this.earlyCancels.delete(id);
    }
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

/** A side's sampling (with what differs from the shared), and its own system prompt when it has one. */
function sideSettings(request: TurnStart, conversation: Conversation, side: Side): SideSettings {
  const settings: SideSettings = effectiveSampling(request.sampling, request.overrides?.[side]);
  const system = conversation.systemPromptOf(side);
  return system === conversation.systemPrompt ? settings : { ...settings, systemPrompt: system };
}
