// One comparison: the same conversation and settings sent to two servers at once, streamed side by side,
// timed as `vllm bench serve` times requests. Pure types and schemas shared by main and the renderer.
import { z } from 'zod';
import { profileIdSchema } from './profiles';
import { samplingSchema, type SamplingParams } from './sampling-schema';
import type { Reveal } from './sessions';

// The side list lives in a zod-free file the renderer can import; re-exported here for the services.
import type { Side } from './sides';
export { SIDES, type Side } from './sides';
export type { SamplingParams } from './sampling-schema';

export const startComparisonSchema = z
  .object({
    /** Made by the renderer before it sends, so every delta it receives belongs to a turn it already shows. */
    comparisonId: z.string().uuid(),
    /** Continue this conversation (a new turn on both sides); null starts a new one with the profiles below. */
    conversationId: z.string().uuid().nullable(),
    leftProfileId: profileIdSchema,
    rightProfileId: profileIdSchema,
    /** Applies to the whole conversation; changing it starts a new conversation. */
    systemPrompt: z.string().max(100_000),
    userMessage: z.string().min(1, 'type a prompt first').max(1_000_000),
    sampling: samplingSchema,
    /** Per-side changes to the shared sampling settings, always shown next to that side's answer. */
    overrides: z.object({ left: samplingSchema.partial().strict().optional(), right: samplingSchema.partial().strict().optional() }).strict().optional(),
  })
  .strict();
export type StartComparison = z.infer<typeof startComparisonSchema>;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** vLLM bench-serve definitions (vllm/benchmarks/lib/endpoint_request_func.py); all from the main process. */
export interface SideTimings {
  /** First SSE event whose `choices` is non-empty (the role chunk, sent with the first token). */
  ttftMs: number | null;
  /** First event carrying non-empty content (or reasoning). */
  firstContentMs: number | null;
  /** Request start to the last choices-bearing event (the usage-only chunk does not move it). */
  e2eMs: number | null;
  itlP50Ms: number | null;
  itlP95Ms: number | null;
  /** (E2E - TTFT) / (output tokens - 1), when output tokens > 1. */
  tpotMs: number | null;
  /** (Output tokens - 1) / (E2E - TTFT): tokens after the first, over the time after the first (whose time is TTFT). */
  decodeTokensPerS: number | null;
  outputTokens: number | null;
  promptTokens: number | null;
  /** The server's own TTFT for this request (its /metrics histogram before and after), for a cross-check. */
  serverTtftMs: number | null;
}

export const INFERENCE_ERROR_KINDS = [
  'connection-refused', // nothing listens: the server is not running
  'connection-reset', // the server went away mid-request (crash, kill)
  'idle-timeout', // the server stopped sending
  'context-length', // prompt (+ max tokens) over the model's context
  'model-not-found',
  'unauthorized',
  'bad-request', // other 4xx
  'server-error', // 5xx
  'stream-error', // an error event inside a 200 stream
  'malformed-stream', // not SSE / not JSON where JSON was due
  'cancelled',
] as const;
export type InferenceErrorKind = (typeof INFERENCE_ERROR_KINDS)[number];

export interface InferenceErrorInfo {
  kind: InferenceErrorKind;
  /** What happened and what to do, for the pane. */
  message: string;
  httpStatus: number | null;
  /** The server's own message, verbatim, when it sent one. */
  serverMessage: string | null;
}

export type SideOutcome =
  | { kind: 'done'; finishReason: string | null; timings: SideTimings }
  | { kind: 'error'; error: InferenceErrorInfo; timings: SideTimings }
  | { kind: 'cancelled'; timings: SideTimings };

export interface SideSettings {
  sampling: SamplingParams;
  /** Which fields differ from the shared settings (shown next to the answer). */
  overridden: (keyof SamplingParams)[];
  /** The system prompt this side was sent, when it differs from the shared one (a variant's own). */
  systemPrompt?: string;
}

/** A side as the renderer sees it during a comparison: text and outcome, never the model's identity in blind mode. */
export interface SideState {
  content: string;
  reasoning: string;
  outcome: SideOutcome | null;
}

export interface ComparisonSnapshot {
  comparisonId: string;
  /** The rating session the turn belongs to; null for a comparison outside any session (nothing is recorded). */
  sessionId: string | null;
  /** Who is on which side: null until the vote is saved in a blind session (then a sessions.revealed event). */
  reveal: Reveal | null;
  conversationId: string;
  turn: number;
  userMessage: string;
  sides: Record<Side, SideState & { settings: SideSettings }>;
  startedAt: number;
}

/** Batched text for one side: everything that arrived since the previous delta (about one per frame). */
export const regenerateSchema = z
  .object({
    comparisonId: z.string().uuid(),
    /** The new comparison's id, made by the renderer (a regeneration is a comparison of its own). */
    newComparisonId: z.string().uuid(),
  })
  .strict();

export interface ComparisonDelta {
  comparisonId: string;
  side: Side;
  content: string;
  reasoning: string;
}

export interface SideFinished {
  comparisonId: string;
  side: Side;
  outcome: SideOutcome;
}
