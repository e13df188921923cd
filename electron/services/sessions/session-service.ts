// Rating sessions end to end (issue 9): creating and resuming them, blind turns whose sides the main process
// assigns, and votes that are on disk before they are acknowledged and only then reveal the names.
import { randomInt, randomUUID } from 'node:crypto';
import type { ComparisonSnapshot, Side } from '../../shared/compare';
import { ServiceError } from '../../shared/errors';
import type { ModelProfile } from '../../shared/profiles';
import type { CreateSession, ModelIndex, SessionModel, SessionTurn, SessionView } from '../../shared/sessions';
import { SESSION_FILE_VERSION } from '../../shared/sessions';
import type { ComparisonService } from '../compare/comparison-service';
import type { EngineConnection } from '../engines/engine';
import type { EventBus } from '../events/event-bus';
import type { NoticeCenter } from '../events/notice-center';
import type { ProfileStore } from '../profiles/profile-store';
import { modelIdentity } from '../profiles/model-identity';
import { balanceAfter, SideBalancer, type LeftModel } from './side-assignment';
import type { OpenSession, SessionStoreApi } from './session-types';
import { revealOf, sessionView } from './session-views';
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
  /** Conversations started but not yet recorded, per session: they count for the side balance already. */
  private readonly unrecordedLeft = new Map<string, Map<string, LeftModel>>();

  constructor(private readonly deps: SessionServiceDeps) {
    this.recorder = new TurnRecorder({ bus: deps.bus, notices: deps.notices, onRecorded: (sessionId, conversationId) => this.unrecordedLeft.get(sessionId)?.delete(conversationId) });
  }

  async create(input: CreateSession): Promise<SessionView> {
    const models = input.profileIds.map((id) => this.sessionModel(id)) as [SessionModel, SessionModel];
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

  /** A turn of the session: new conversations get their sides from the balance; nothing named while blind. */
  async turn(input: SessionTurn): Promise<ComparisonSnapshot> {
    const session = await this.writable(input.sessionId);
    const { settings } = session;
    // Placed (and counted for the balance) before any await, so two conversations begun at once get a block.
    const placement = input.conversationId === null ? this.place(session) : null;
    const mapping = placement?.mapping ?? this.deps.comparisons.conversation(input.conversationId!)?.session?.mapping;
    if (!mapping) throw new ServiceError('not-found', 'That conversation is no longer known; start a new one.');
    const drawSeed = settings.seedPolicy === 'random-per-turn';
    const seed = drawSeed ? randomInt(0, SEED_MAX) : settings.sampling.seed;
    const profileIds = { left: session.header.models[mapping.left].profileId, right: session.header.models[mapping.right].profileId };
    const started = this.deps.comparisons.startTurn({
      comparisonId: input.comparisonId,
      conversationId: input.conversationId,
      profileIds,
      placement,
      systemPrompt: settings.systemPrompt,
      userMessage: input.userMessage,
      sampling: { ...settings.sampling, seed },
      resample: (sampling) => (drawSeed ? { ...sampling, seed: randomInt(0, SEED_MAX) } : sampling),
      hooks: {
        sessionId: session.id,
        blind: settings.blind,
        equalReveal: settings.equalReveal,
        reveal: (comparisonId) => revealOf(session, comparisonId, mapping, null),
        check: async () => void (await this.writable(session.id)),
        completed: (run, replaces) => this.recorder.record(session, run, { mapping, replaces }),
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

  /** Sides for a new conversation: balanced over the session's conversations (recorded or on their way). */
  private place(session: OpenSession) {
    const lefts = [...session.conversationLeftModels(), ...this.unrecorded(session.id).values()];
    const balancer = new SideBalancer(balanceAfter(lefts), this.deps.draw);
    const left = balancer.next();
    const mapping: Record<Side, ModelIndex> = { left, right: (1 - left) as ModelIndex };
    const conversationId = randomUUID();
    this.unrecorded(session.id).set(conversationId, left);
    return { sessionId: session.id, conversationId, mapping, revealed: false };
  }

  private unrecorded(sessionId: string): Map<string, LeftModel> {
    let map = this.unrecordedLeft.get(sessionId);
    if (!map) this.unrecordedLeft.set(sessionId, (map = new Map()));
    return map;
  }

  private sessionModel(profileId: string): SessionModel {
    const profile = this.deps.profiles.get(profileId);
    if (!profile) throw new ServiceError('not-found', `No model profile with id ${profileId}: pick the session's models again.`);
    return { profileId, ...modelIdentity(profile), engine: profile.engine, profile: withoutSecrets(profile) };
  }

  private notReady(session: OpenSession): string | null {
    const missing = [0, 1].filter((i) => this.deps.connection(session.header.models[i as ModelIndex].profileId) === null);
    if (missing.length === 0) return null;
    if (session.settings.blind) return `${missing.length === 2 ? 'Neither of this session’s models is ready' : 'One of this session’s models is not ready'}. Launch both of its profiles in Models, then send.`;
    const names = missing.map((i) => session.header.models[i as ModelIndex].name);
    return `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} not ready. Launch ${names.length === 1 ? 'it' : 'them'} in Models, then send.`;
  }
}

/** A profile as a session file may keep it: an endpoint's API key never leaves the profile store. */
function withoutSecrets(profile: ModelProfile): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...profile };
  if ('apiKey' in copy) copy.apiKey = copy.apiKey === null ? null : '(set; not kept in sessions)';
  return copy;
}
