// The public shapes of one streamed chat completion (see chat-stream.ts).
import type http from 'node:http';
import type { ChatMessage, InferenceErrorInfo, SideTimings } from '../../shared/compare';
import type { ContentDelta } from './completion-accumulator';

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  [field: string]: unknown;
}

export interface ChatStreamOptions {
  /** Ends in /v1, e.g. http://127.0.0.1:8000/v1. */
  baseUrl: string;
  apiKey: string | null;
  body: ChatRequestBody;
  /** No byte for this long (waiting for the first token included) ends the request. Default 60 s. */
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Called for every event with non-empty content or reasoning. Must not throw. */
  onDelta?: (delta: ContentDelta) => void;
  /** Monotonic nanoseconds. Default process.hrtime.bigint. */
  clock?: () => bigint;
  agent?: http.Agent;
}

export interface ChatStreamResult {
  outcome: 'done' | 'error' | 'cancelled';
  error: InferenceErrorInfo | null;
  finishReason: string | null;
  content: string;
  reasoning: string;
  timings: SideTimings;
  /** SSE data events, [DONE] excluded. */
  events: number;
  /** As the chunks name it. */
  model: string | null;
  systemFingerprint: string | null;
  startNs: bigint;
  firstByteNs: bigint | null;
}

export interface PreparedChatStream {
  /** Resolves once the socket is connected and nothing is written yet (or connecting failed: start() says how). */
  connected: Promise<void>;
  /** Writes the request and streams the answer. Never rejects. Calling it again returns the same promise. */
  start(): Promise<ChatStreamResult>;
  /** Aborts; the result's outcome is `cancelled`, with the timings so far. */
  cancel(): void;
}
