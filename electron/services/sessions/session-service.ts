// Rating sessions end to end (issue 9): creating and resuming them, blind turns whose sides the main process
// assigns, and votes that are on disk before they are acknowledged and only then reveal the names.
import { randomInt, randomUUID } from 'node:crypto';
import type { ComparisonSnapshot, Side } from '../../shared/compare';
import { ServiceError } from '../../shared/errors';
import type { ModelProfile } from '../../shared/profiles';
import type { CreateSession, ModelIndex, SessionModel, SessionTurn, SessionVariant, SessionView } from '../../shared/sessions';
import { SESSION_FILE_VERSION } from '../../shared/sessions';
import type { ComparisonService } from '../compare/comparison-service';
import type { EngineConnection } from '../engines/engine';
import type { EventBus } from '../events/event-bus';
import type { NoticeCenter } from '../events/notice-center';
import type { ProfileStore } from '../profiles/profile-store';
import { modelIdentity } from '../profiles/model-identity';
import { drawPlacement } from './side-assignment';
import type { OpenSession, SessionStoreApi } from './session-types';
import { revealOf, sessionModel, sessionView } from './session-views';
import type { PromptContext } from './comparison-record';
import { effectiveSampling, type SessionPlacement } from '../compare/conversation';
import { TurnRecorder } from './turn-recorder';

export interface SessionServiceDeps {
  store: SessionStoreApi;
  comparisons: ComparisonService;
  profiles: ProfileStore;
  connection(profileId: string): EngineConnection | null;
  bus: EventBus;
  notices: NoticeCenter;
  /** Draws for the side balance (crypto.randomInt by default; tests pass a seeded one). */
  draw?: (max: number) => number;
}

const SEED_MAX = 2 ** 31 - 1;

export class SessionService {
  readonly recorder: TurnRecorder;
  /** Conversations started but not yet recorded, per session: they count for the balance already. */
  private readonly unrecordedPlaced = new Map<string, Map<string, Record<Side, ModelIndex>>>();

  constructor(private readonly deps: SessionServiceDeps) {
    this.recorder = new TurnRecorder({ bus: deps.bus, notices: deps.notices, onRecorded: (sessionId, conversationId) => this.unrecordedPlaced.get(sessionId)?.delete(conversationId) });
  }

  async create(input: CreateSession): Promise<SessionView> {
    const models = input.variants ? input.variants.map((variant) => this.sessionModel(input.profileIds[0]!, variant)) : input.profileIds.map((id) => this.sessionModel(id, null));
    const at = new Date().toISOString();
    const session = await this.deps.store.create({ type: 'session', v: SESSION_FILE_VERSION, id: randomUUID(), at, name: input.name, models, settings: input.settings });
    await this.deps.store.setCurrent(session.id);
    this.changed(session.id);
    return this.view(session);
  }

  async current(): Promise<SessionView | null> {
    const id = await this.deps.store.current();
    if (id === null) return null;
    try {
      return this.view(await this.deps.store.open(id));
    } catch (error) {
      // Trashed or removed by hand since: Compare starts outside any session, and says why.
      await this.deps.store.setCurrent(null);
      this.deps.notices.raise('warning', `The session Pairwise was in could not be opened (${error instanceof Error ? error.message : String(error)}); Compare starts outside any session.`);
      return null;
    }
  }

  async open(sessionId: string): Promise<SessionView> {
    const session = await this.deps.store.open(sessionId);
    await this.deps.store.setCurrent(sessionId);
    return this.view(session);
  }

  async leave(): Promise<null> {
    await this.deps.store.setCurrent(null);
    return null;
  }

  async view(session: OpenSession): Promise<SessionView> {
    return sessionView(session, this.notReady(session));
  }

  /** A turn of the session: new conversations get their pair and sides from the balance; nothing named while blind. */
  async turn(input: SessionTurn): Promise<ComparisonSnapshot> {
    const session = await this.writable(input.sessionId);
    return this.send(session, input, null);
  }

  /**
   * Sends a turn (typed, or a prompt set's step with `step`). Placed (and counted for the balance) before any
   * await, so two conversations begun at once are balanced; a step that repeats another comes with its mapping.
   */
  send(session: OpenSession, input: SessionTurn, step: PromptStep | null): Promise<ComparisonSnapshot> {
    const { settings } = session;
    // Refused before any pair is drawn: a refusal that came only for some pairs would tell which was drawn.
    const notReady = input.conversationId === null ? this.notReady(session) : null;
    if (notReady) throw new ServiceError('conflict', notReady);
    const placement = input.conversationId === null ? this.place(session, step?.mapping ?? null) : null;
    const mapping = placement?.mapping ?? this.deps.comparisons.conversation(input.conversationId!)?.session?.mapping;
    if (!mapping) throw new ServiceError('not-found', 'That conversation is no longer known; start a new one.');
    // A hidden repeat always draws its own seed: with the original's, the same answers would give it away.
    const drawSeed = settings.seedPolicy === 'random-per-turn' || step?.mapping != null;
    const seed = drawSeed ? randomInt(0, SEED_MAX) : settings.sampling.seed;
    const sides = { left: sessionModel(session, mapping.left), right: sessionModel(session, mapping.right) };
    const systemPrompt = step?.systemPrompt ?? settings.systemPrompt;
    const started = this.deps.comparisons.startTurn({
      comparisonId: input.comparisonId,
      conversationId: input.conversationId,
      profileIds: { left: sides.left.profileId, right: sides.right.profileId },
      placement,
      systemPrompt,
      sideSystemPrompts: variantPrompts(sides),
      userMessage: input.userMessage,
      sampling: { ...settings.sampling, seed },
      overrides: { left: sides.left.variant?.sampling, right: sides.right.variant?.sampling },
      resample: (sampling) => (drawSeed ? { ...sampling, seed: randomInt(0, SEED_MAX) } : sampling),
      hooks: {
        sessionId: session.id,
        blind: settings.blind,
        equalReveal: settings.equalReveal,
        ...(session.header.models.some((model) => model.variant) && { blindSettings: { ...effectiveSampling({ ...settings.sampling, seed }, undefined) } }),
        reveal: (comparisonId) => revealOf(session, comparisonId, mapping, null),
        check: async () => void (await this.writable(session.id)),
        completed: (run, replaces) => this.recorder.record(session, run, { mapping, replaces, ...(step && { prompt: step.prompt }) }),
      },
    });
    // A refused first turn leaves no conversation behind: its place in the balance is given back.
    return started.catch((error: unknown) => {
      if (placement) this.unrecorded(session.id).delete(placement.conversationId);
      throw error;
    });
  }

  /** The session, refused when this process may not write it. */
  async writable(sessionId: string): Promise<OpenSession> {
    const session = await this.deps.store.open(sessionId);
    if (session.readOnly) throw new ServiceError('conflict', session.readOnly);
    return session;
  }

  changed(sessionId: string): void {
    this.deps.bus.emit('sessions.changed', { sessionId });
  }

  /**
   * Sides for a new conversation: the least-met pair and its sides, balanced over the session's conversations
   * (recorded or on their way); or, for a hidden repeat, the mapping it must have.
   */
  private place(session: OpenSession, fixed: Record<Side, ModelIndex> | null): SessionPlacement {
    const placed = [...session.conversationMappings(), ...this.unrecorded(session.id).values()];
    const mapping = fixed ?? drawPlacement(session.header.models.length, placed, this.deps.draw);
    const conversationId = randomUUID();
    this.unrecorded(session.id).set(conversationId, mapping);
    return { sessionId: session.id, conversationId, mapping, revealed: false };
  }

  private unrecorded(sessionId: string): Map<string, Record<Side, ModelIndex>> {
    let map = this.unrecordedPlaced.get(sessionId);
    if (!map) this.unrecordedPlaced.set(sessionId, (map = new Map()));
    return map;
  }

  private sessionModel(profileId: string, variant: SessionVariant | null): SessionModel {
    const profile = this.deps.profiles.get(profileId);
    if (!profile) throw new ServiceError('not-found', `No model profile with id ${profileId}: pick the session's models again.`);
    return { profileId, ...modelIdentity(profile), engine: profile.engine, profile: withoutSecrets(profile), ...(variant && { variant }) };
  }

  /** Every model of the session must be running: any pair may be drawn next. */
  private notReady(session: OpenSession): string | null {
    const profiles = [...new Set(session.header.models.map((model) => model.profileId))];
    const missing = profiles.filter((id) => this.deps.connection(id) === null);
    if (missing.length === 0) return null;
    const all = missing.length === profiles.length;
    if (session.settings.blind) {
      const what = profiles.length === 1 ? 'This session’s model is not ready' : all ? 'None of this session’s models is ready' : `${missing.length} of this session’s ${profiles.length} models ${missing.length === 1 ? 'is' : 'are'} not ready`;
      return `${what}. Launch ${profiles.length === 1 ? 'its profile' : `all ${profiles.length} of its profiles`} in Models, then send.`;
    }
    const names = missing.map((id) => session.header.models.find((model) => model.profileId === id)!.name);
    return `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} not ready. Launch ${names.length === 1 ? 'it' : 'them'} in Models, then send.`;
  }
}

/** What a prompt set step brings to its turn. */
export interface PromptStep {
  prompt: PromptContext;
  /** The item's own system prompt, else null (the session's). */
  systemPrompt: string | null;
  /** A hidden repeat's sides: the original's, swapped. */
  mapping: Record<Side, ModelIndex> | null;
}

/** A variant's own system prompt per side (only where it has one). */
function variantPrompts(sides: Record<Side, SessionModel>): Partial<Record<Side, string>> {
  const prompts: Partial<Record<Side, string>> = {};
  for (const side of ['left', 'right'] as const) {
    const own = sides[side].variant?.systemPrompt;
    if (own !== null && own !== undefined) prompts[side] = own;
  }
  return prompts;
}

/** A profile as a session file may keep it: an endpoint's API key never leaves the profile store. */
function withoutSecrets(profile: ModelProfile): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...profile };
  if ('apiKey' in copy) copy.apiKey = copy.apiKey === null ? null : '(set; not kept in sessions)';
  return copy;
}
