// The one contract both transports (Electron IPC and the headless host's WebSocket) speak. Each request
// channel has a runtime schema that main validates before any service sees the payload, and a response type;
// each event has a payload type. Preload, IPC registration, the host and the renderer's client all derive
// from these maps.
import { z } from 'zod';
import type { AppInfo } from './app-info';
import type { EventChannel, RequestChannel } from './channels';
import type { Reply } from './errors';
import { regenerateSchema, SIDES, startComparisonSchema, type ComparisonDelta, type ComparisonSnapshot, type SideFinished } from './compare';
import {
  comparisonRefSchema,
  createSessionSchema,
  exportRequestSchema,
  historyQuerySchema,
  importSessionSchema,
  renameSessionSchema,
  sessionRefSchema,
  sessionTurnSchema,
  undoVoteSchema,
  editVoteSchema,
  updateSessionSettingsSchema,
  voteSchema,
  type ComparisonDetail,
  type ExportDelivery,
  type HistoryPage,
  type ReopenedConversation,
  type Reveal,
  type SessionSummary,
  type SessionView,
  type VoteRecord,
  type VoteSaved,
  type VoteUndone,
} from './sessions';
import type { EngineStatus, LogLine } from './engine';
import {
  importPromptSetSchema,
  promptSetRefSchema,
  runNextSchema,
  skipStepSchema,
  startRunSchema,
  type PromptSetImported,
  type PromptSetSummary,
} from './prompt-sets';
import { sessionStatsRequestSchema, type SessionStats } from './stats';
import type { ReportWritten } from './report';
import type { MemoryPlan } from './gpu';
import type { Notice } from './notice';
import { profileDraftSchema, profileIdSchema, type ModelProfile, type ProfileDraft } from './profiles';
import { settingsPatchSchema, type Settings } from './settings';
import type { OrphanServer, SystemCheck } from './system';

interface RequestSpec<Schema extends z.ZodType, Response> {
  request: Schema;
  /** Type-only marker: never read at runtime. */
  response?: Response;
}

/** Curried so the response type can be given while the schema's type is inferred. */
function request<Response>() {
  return <Schema extends z.ZodType>(schema: Schema): RequestSpec<Schema, Response> => ({ request: schema });
}

const noPayload = z.object({}).strict();

export const requests = {
  'app.info': request<AppInfo>()(noPayload),
  /** Notices raised before this window was listening (e.g. a corrupt settings file found at start-up). */
  'app.notices': request<Notice[]>()(noPayload),
  'settings.get': request<Settings>()(noPayload),
  'settings.update': request<Settings>()(settingsPatchSchema),

  'profiles.list': request<ModelProfile[]>()(noPayload),
  /** Ready-made drafts (resources/presets) for the models of the sample study. */
  'profiles.presets': request<ProfileDraft[]>()(noPayload),
  'profiles.create': request<ModelProfile>()(z.object({ draft: profileDraftSchema }).strict()),
  'profiles.update': request<ModelProfile>()(z.object({ id: profileIdSchema, draft: profileDraftSchema }).strict()),
  /** Refused while the profile's server runs. */
  'profiles.delete': request<{ deleted: string }>()(z.object({ id: profileIdSchema }).strict()),

  'engines.list': request<EngineStatus[]>()(noPayload),
  /** Refused when the memory plan says it will not fit, unless force (nvidia-smi can be wrong about others). */
  'engines.launch': request<EngineStatus>()(z.object({ profileId: profileIdSchema, force: z.boolean().optional() }).strict()),
  'engines.stop': request<EngineStatus>()(z.object({ profileId: profileIdSchema }).strict()),
  'engines.restart': request<EngineStatus>()(z.object({ profileId: profileIdSchema }).strict()),
  'engines.logs': request<{ lines: LogLine[]; logFile: string | null }>()(
    z
      .object({
        profileId: profileIdSchema,
        afterSeq: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
        query: z.string().max(200).optional(),
      })
      .strict(),
  ),
  'engines.memoryPlan': request<MemoryPlan>()(z.object({ profileIds: z.array(profileIdSchema).min(1).max(8) }).strict()),
  'engines.orphans': request<OrphanServer[]>()(noPayload),
  'engines.stopOrphans': request<{ stopped: number[]; failed: { pgid: number; message: string }[] }>()(
    z.object({ pgids: z.array(z.number().int().positive()).min(1).max(64) }).strict(),
  ),

  'system.check': request<SystemCheck>()(z.object({ refresh: z.boolean().optional() }).strict()),

  /** Both requests are built first, then started in the same tick; text arrives as compare.delta events. */
  'compare.start': request<ComparisonSnapshot>()(startComparisonSchema),
  /** Cancels one side, or both when side is absent; null when the turn has not begun (the cancel waits for it). */
  'compare.cancel': request<ComparisonSnapshot | null>()(z.object({ comparisonId: z.string().uuid(), side: z.enum(SIDES).optional() }).strict()),
  /** Runs the same turn again on both sides together (never one side alone: that would unbalance the pair). */
  'compare.regenerate': request<ComparisonSnapshot>()(regenerateSchema),
  'compare.get': request<ComparisonSnapshot>()(z.object({ comparisonId: z.string().uuid() }).strict()),

  /** Every session (names included: lists are never shown during a blind turn). */
  'sessions.list': request<SessionSummary[]>()(z.object({ trashed: z.boolean().optional() }).strict()),
  /** Starts a session of two profiles (kept as they are now) and makes it the current one. */
  'sessions.create': request<SessionView>()(createSessionSchema),
  /** The session Compare is in (kept across restarts), blinded as its settings say; null outside any. */
  'sessions.current': request<SessionView | null>()(noPayload),
  'sessions.open': request<SessionView>()(sessionRefSchema),
  /** Back to comparing outside any session. */
  'sessions.leave': request<null>()(noPayload),
  'sessions.rename': request<SessionSummary>()(renameSessionSchema),
  'sessions.updateSettings': request<SessionView>()(updateSessionSettingsSchema),
  /** Moves the session's file into the trash folder, from which sessions.restore brings it back. */
  'sessions.trash': request<{ trashed: string }>()(sessionRefSchema),
  'sessions.restore': request<SessionSummary>()(sessionRefSchema),
  /** A turn of the session: the main process assigns the sides; the reply and events name no model while blind. */
  'sessions.turn': request<ComparisonSnapshot>()(sessionTurnSchema),
  /** Saved (fsynced) before it resolves; then the names are revealed (reply and sessions.revealed). */
  'sessions.vote': request<VoteSaved>()(voteSchema),
  /** Recorded as an event of its own: nothing is erased. */
  'sessions.undoVote': request<VoteUndone>()(undoVoteSchema),
  /** Changes the comment or category of a comparison's vote; recorded as an edit. Resolves with the vote as it now stands. */
  'sessions.editVote': request<VoteRecord>()(editVoteSchema),
  'sessions.history': request<HistoryPage>()(historyQuerySchema),
  'sessions.comparison': request<ComparisonDetail>()(comparisonRefSchema),
  /** Loads the comparison's conversation into Compare, to go on with it. */
  'sessions.reopen': request<ReopenedConversation>()(comparisonRefSchema),
  'sessions.import': request<SessionSummary>()(importSessionSchema),
  /** Starts running a prompt set through the session (its prompts copied into the session's file). */
  'sessions.startRun': request<SessionView>()(startRunSchema),
  /** Sends the run's next prompt as a new blind turn (sides drawn, or swapped for a hidden repeat). */
  'sessions.runNext': request<ComparisonSnapshot>()(runNextSchema),
  'sessions.skipStep': request<SessionView>()(skipStepSchema),

  'promptSets.list': request<PromptSetSummary[]>()(noPayload),
  /** CSV or JSONL with a prompt column; category, system prompt, reference answer and key points optional. */
  'promptSets.import': request<PromptSetImported>()(importPromptSetSchema),
  /** Adds the study's sample set that ships in resources/ (again, as a new set, if asked twice). */
  'promptSets.importSample': request<PromptSetImported>()(noPayload),
  'promptSets.delete': request<{ deleted: string }>()(promptSetRefSchema),

  /** Win rates with intervals, scores, latency, position bias, consistency; Bradley-Terry with 3+ models. */
  'stats.session': request<SessionStats>()(sessionStatsRequestSchema),
  /** A save dialog in Electron; a download link from the headless host. The file is streamed, never one reply. */
  'export.save': request<ExportDelivery>()(exportRequestSchema),
  /** The study's report (Markdown, chart PNGs, the table as CSV): a folder dialog in Electron, the data folder's reports/ in the host. */
  'report.write': request<ReportWritten>()(sessionStatsRequestSchema),
} satisfies Record<RequestChannel, RequestSpec<z.ZodType, unknown>>;

export interface EventPayloads {
  'app.notice': Notice;
  'profiles.changed': ModelProfile[];
  /** One per state transition, and for stage/progress changes while starting. */
  'engines.status': EngineStatus;
  /** New log lines of one server, batched (never one message per line). */
  'engines.log': { profileId: string; lines: LogLine[] };
  'compare.delta': ComparisonDelta;
  'compare.sideFinished': SideFinished;
  /** After a vote is saved: who was on which side. */
  'sessions.revealed': Reveal;
  /** A session's list entry changed (a vote, a comparison, a rename): refetch what is shown. */
  'sessions.changed': { sessionId: string };
}

type Requests = typeof requests;
/** What a caller may send (before defaults and coercion). */
export type RequestInput<K extends RequestChannel> = z.input<Requests[K]['request']>;
/** What a handler receives (after validation). */
export type RequestPayload<K extends RequestChannel> = z.output<Requests[K]['request']>;
export type ResponseOf<K extends RequestChannel> = Exclude<Requests[K]['response'], undefined>;
export type EventPayload<E extends EventChannel> = EventPayloads[E];

/**
 * The three shapes a per-channel function takes, as members of one interface with the channel as its
 * parameter. channel-map.ts builds any of them from the channel list, and TypeScript checks the function made
 * for channel K against `ChannelFunctionShapes<K>[shape]`: a member of an interface instantiated with K. (It
 * could not check against `F[K]` for an already-built map F: writing through a generic key there needs a value
 * that fits every channel at once.)
 */
export interface ChannelFunctionShapes<K extends RequestChannel> {
  /** A service handler: takes the validated payload. */
  handler: (payload: RequestPayload<K>) => Promise<ResponseOf<K>>;
  /** The preload's function: takes the caller's payload, resolves with the reply envelope. */
  bridge: (payload: RequestInput<K>) => Promise<Reply<ResponseOf<K>>>;
  /** The renderer's api client: resolves with the value, throws an ApiError for a failed reply. */
  client: (payload: RequestInput<K>) => Promise<ResponseOf<K>>;
}
export type ChannelFunctionShape = keyof ChannelFunctionShapes<RequestChannel>;
/** One function of the given shape per request channel. */
export type ChannelFunctions<Shape extends ChannelFunctionShape> = { [K in RequestChannel]: ChannelFunctionShapes<K>[Shape] };

/** One function per channel: the shape of the services' handlers. */
export type Handlers = ChannelFunctions<'handler'>;

/** Listening to one event; returns the unsubscribe. */
export interface EventSubscriber {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** One function per channel plus `on`: the shape of the renderer's api client. */
export type PairwiseApi = ChannelFunctions<'client'> & EventSubscriber;

// Compile-time check that the event map and the event name list agree.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const eventsMatch: Exact<keyof EventPayloads, EventChannel> = true;
void eventsMatch;

/** `window.pairwise` as the preload exposes it: replies stay enveloped; the renderer's client unwraps them. */
export type BridgeApi = ChannelFunctions<'bridge'> & EventSubscriber;
