// One request's life: connect, write, read the stream (or the error body), and end exactly once with a result.
import type { InferenceErrorInfo } from '../../shared/compare';
import type { ChatRequestBody, ChatStreamOptions, ChatStreamResult } from './chat-stream-types';
import { CompletionAccumulator } from './completion-accumulator';
import { describeFailure, type FailureContext, type InferenceFailure } from './error-messages';
import { SseReader } from './sse-reader';
import { TimedExchange } from './timed-exchange';
import { computeSideTimings } from './timing';

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** Enough for any error page; an error body is read whole before it is reported. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

type Ending = { outcome: 'done' | 'cancelled'; error: null } | { outcome: 'error'; error: InferenceErrorInfo };

/** Connects when constructed, writes on start(), settles exactly once. Callers use prepareChatStream. */
export class ChatStreamRun {
  readonly connected: Promise<void>;
  private readonly exchange: TimedExchange;
  private readonly accumulator: CompletionAccumulator;
  private readonly reader: SseReader;
  private readonly context: FailureContext;
  private readonly payload: Buffer;
  private response: { status: number; contentType: string | null; streaming: boolean } | null = null;
  private errorBody: Buffer[] = [];
  private errorBodyBytes = 0;
  private ending: Ending | null = null;
  private startNs: bigint | null = null;
  private started: Promise<ChatStreamResult> | null = null;
  private resolveResult: (result: ChatStreamResult) => void = () => {};

  constructor(url: URL, private readonly options: ChatStreamOptions, private readonly clock: () => bigint) {
    this.context = { origin: url.origin, url: url.href, model: options.body.model, apiKeySent: Boolean(options.apiKey) };
    this.payload = Buffer.from(JSON.stringify(streamingBody(options.body)));
    this.accumulator = new CompletionAccumulator(options.onDelta);
    // Events after the end (later in the same socket read as a malformed one, or after a cancel) are not text.
    this.reader = new SseReader((event) => {
      if (!this.ending) this.onVerdict(this.accumulator.accept(event));
    });
    this.exchange = new TimedExchange({
      url,
      headers: requestHeaders(url, this.payload.length, options.apiKey),
      clock,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.agent ? { agent: options.agent } : {}),
      handlers: {
        onResponse: (response) => this.onResponse(response),
        onBody: (bytes, arrivalNs) => this.onBody(bytes, arrivalNs),
        onEnd: (complete) => this.onEnd(complete),
        onFailure: (failure) => this.onFailure(failure),
      },
    });
    this.connected = this.exchange.connected;
  }

  start(): Promise<ChatStreamResult> {
    this.started ??= new Promise((resolve) => {
      this.resolveResult = resolve;
      // Failed or cancelled before the start: nothing is written, the result is immediate.
      this.startNs = this.ending ? this.clock() : this.exchange.send(this.payload);
      if (this.ending) this.resolveWith(this.ending);
    });
    return this.started;
  }

  cancel(): void {
    if (this.ending) return;
    this.exchange.abort();
    this.settle({ outcome: 'cancelled', error: null });
  }

  private onResponse(response: { status: number; contentType: string | null }): void {
    const streaming = response.status === 200 && /^text\/event-stream\b/i.test(response.contentType ?? '');
    this.response = { ...response, streaming };
  }

  private onBody(bytes: Buffer, arrivalNs: bigint): void {
    if (this.response?.streaming) {
      this.reader.push(bytes, arrivalNs);
      if (this.reader.overflow) this.failNow({ kind: 'oversized-event' });
    } else if (this.errorBodyBytes < MAX_ERROR_BODY_BYTES) {
      this.errorBody.push(bytes);
      this.errorBodyBytes += bytes.length;
    }
  }

  private onVerdict(verdict: 'continue' | 'done' | 'malformed'): void {
    if (this.ending || verdict === 'continue') return;
    if (verdict === 'malformed') return this.failNow({ kind: 'malformed-event', data: this.accumulator.malformedData ?? '' });
    this.exchange.release();
    this.settleFromStream();
  }

  private onEnd(complete: boolean): void {
    if (this.ending) return;
    if (!this.response?.streaming) return this.settleFromErrorBody(complete);
    this.reader.end();
    if (this.ending) return; // the flushed tail decided it
    if (complete && this.accumulator.events === 0 && !this.accumulator.sawDone) return this.fail({ kind: 'empty-stream' });
    this.settleFromStream({ kind: 'connection-lost', answered: true });
  }

  private onFailure(failure: InferenceFailure): void {
    if (this.ending) return;
    if (this.response?.streaming) return this.settleFromStream(failure);
    this.fail(failure);
  }

  /**
   * The stream is over, by [DONE] or by the connection. An error event wins; then an answer that reached its
   * finish_reason is done even if [DONE] never came; otherwise the cut is the error.
   */
  private settleFromStream(cut?: InferenceFailure): void {
    const { streamError, finishReason, sawDone } = this.accumulator;
    if (streamError !== null) return this.fail({ kind: 'stream-error', payload: streamError });
    if (sawDone || finishReason !== null || !cut) return this.settle({ outcome: 'done', error: null });
    this.fail(cut);
  }

  private settleFromErrorBody(complete: boolean): void {
    const status = this.response?.status ?? 0;
    const body = Buffer.concat(this.errorBody).toString('utf8');
    if (status === 200) return this.fail(complete ? { kind: 'not-a-stream', contentType: this.response?.contentType ?? null, body } : { kind: 'connection-lost', answered: true });
    this.fail({ kind: 'http-status', status, body });
  }

  private failNow(failure: InferenceFailure): void {
    this.exchange.abort();
    this.fail(failure);
  }

  private fail(failure: InferenceFailure): void {
    this.settle({ outcome: 'error', error: describeFailure(failure, this.context) });
  }

  private settle(ending: Ending): void {
    if (this.ending) return;
    this.ending = ending;
    if (this.startNs !== null) this.resolveWith(ending);
  }

  private resolveWith(ending: Ending): void {
    this.resolveResult(resultFrom(this.accumulator, { ...ending, startNs: this.startNs ?? this.clock(), firstByteNs: this.exchange.firstByteNs }));
  }
}

export function emptyResult(outcome: ChatStreamResult['outcome'], error: InferenceErrorInfo | null, startNs: bigint): ChatStreamResult {
  const accumulator = new CompletionAccumulator();
  return resultFrom(accumulator, { outcome, error, startNs, firstByteNs: null });
}

function resultFrom(
  accumulator: CompletionAccumulator,
  end: { outcome: ChatStreamResult['outcome']; error: InferenceErrorInfo | null; startNs: bigint; firstByteNs: bigint | null },
): ChatStreamResult {
  const timings = computeSideTimings({
    startNs: end.startNs,
    choiceEventArrivalsNs: accumulator.choiceEventArrivalsNs,
    firstContentNs: accumulator.firstContentNs,
    usage: accumulator.usage,
  });
  return {
    ...end,
    finishReason: accumulator.finishReason,
    content: accumulator.content,
    reasoning: accumulator.reasoning,
    timings,
    events: accumulator.events,
    model: accumulator.model,
    systemFingerprint: accumulator.systemFingerprint,
  };
}

function streamingBody(body: ChatRequestBody): Record<string, unknown> {
  const given = typeof body.stream_options === 'object' && body.stream_options !== null ? body.stream_options : {};
  return { ...body, stream: true, stream_options: { ...given, include_usage: true } };
}

/**
 * As a raw [name, value, ...] list: node:http then renders the header block when the request is created,
 * not inside start(), which takes about 100 µs off the time between the start stamp and the write.
 * (A raw list gets no automatic Host header, hence the explicit one.)
 */
function requestHeaders(url: URL, contentLength: number, apiKey: string | null): string[] {
  const headers = ['Host', url.host, 'Content-Type', 'application/json', 'Accept', 'text/event-stream', 'Content-Length', String(contentLength)];
  if (apiKey) headers.push('Authorization', `Bearer ${apiKey}`);
  return headers;
}
