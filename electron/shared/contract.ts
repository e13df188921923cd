// The one contract both transports (Electron IPC and the headless host's WebSocket) speak. Each request
// channel has a runtime schema that main validates before any service sees the payload, and a response type;
// each event has a payload type. Preload, IPC registration, the host and the renderer's client all derive
// from these maps.
import { z } from 'zod';
import type { AppInfo } from './app-info';
import type { EventChannel, RequestChannel } from './channels';
import type { Reply } from './errors';
import type { Notice } from './notice';
import { settingsPatchSchema, type Settings } from './settings';

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
} satisfies Record<RequestChannel, RequestSpec<z.ZodType, unknown>>;

export interface EventPayloads {
  'app.notice': Notice;
}

type Requests = typeof requests;
/** What a caller may send (before defaults and coercion). */
export type RequestInput<K extends RequestChannel> = z.input<Requests[K]['request']>;
/** What a handler receives (after validation). */
export type RequestPayload<K extends RequestChannel> = z.output<Requests[K]['request']>;
export type ResponseOf<K extends RequestChannel> = NonNullable<Requests[K]['response']>;
export type EventPayload<E extends EventChannel> = EventPayloads[E];

/** One function per channel: the shape of the services' handlers. */
export type Handlers = { [K in RequestChannel]: (payload: RequestPayload<K>) => Promise<ResponseOf<K>> };

/** One function per channel plus `on`: the shape of `window.pairwise` and of the renderer's api client. */
export type PairwiseApi = { [K in RequestChannel]: (payload: RequestInput<K>) => Promise<ResponseOf<K>> } & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

// Compile-time check that the event map and the event name list agree.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const eventsMatch: Exact<keyof EventPayloads, EventChannel> = true;
void eventsMatch;

/** `window.pairwise` as the preload exposes it: replies stay enveloped; the renderer's client unwraps them. */
export type BridgeApi = {
  [K in RequestChannel]: (payload: RequestInput<K>) => Promise<Reply<ResponseOf<K>>>;
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
