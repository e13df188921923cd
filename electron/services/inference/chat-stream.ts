// One streamed chat completion against an OpenAI-compatible server (vLLM or another), prepared in two steps so
// a comparison can connect both sides first and then start both in the same tick:
//
//   const left = prepareChatStream(...), right = prepareChatStream(...);
//   await Promise.all([left.connected, right.connected]);
//   const results = await Promise.all([left.start(), right.start()]);
//
// Timings follow `vllm bench serve` (see timing.ts); errors come back typed in the result, never thrown.
import { ChatStreamRun, emptyResult } from './chat-stream-run';
import type { ChatStreamOptions, ChatStreamResult, PreparedChatStream } from './chat-stream-types';
import { describeFailure, type FailureContext, type InferenceFailure } from './error-messages';

export type { ChatRequestBody, ChatStreamOptions, ChatStreamResult, PreparedChatStream } from './chat-stream-types';
export type { ContentDelta } from './completion-accumulator';
export { DEFAULT_IDLE_TIMEOUT_MS } from './chat-stream-run';

export function prepareChatStream(options: ChatStreamOptions): PreparedChatStream {
  const clock = options.clock ?? process.hrtime.bigint;
  const url = chatCompletionsUrl(options.baseUrl);
  if (!url) return failedBeforeStart({ kind: 'bad-address', address: options.baseUrl }, options, clock);
  const run = new ChatStreamRun(url, options, clock);
  return { connected: run.connected, start: () => run.start(), cancel: () => run.cancel() };
}

function chatCompletionsUrl(baseUrl: string): URL | null {
  try {
    const url = new URL(`${baseUrl.trim().replace(/\/+$/, '')}/chat/completions`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function failedBeforeStart(failure: InferenceFailure, options: ChatStreamOptions, clock: () => bigint): PreparedChatStream {
  const context: FailureContext = { origin: options.baseUrl, url: options.baseUrl, model: options.body.model, apiKeySent: Boolean(options.apiKey) };
  const result = (): ChatStreamResult => emptyResult('error', describeFailure(failure, context), clock());
  let started: Promise<ChatStreamResult> | null = null;
  return { connected: Promise.resolve(), start: () => (started ??= Promise.resolve(result())), cancel: () => {} };
}
