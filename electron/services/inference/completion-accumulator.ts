// Reads each SSE payload of a chat-completions stream the way vLLM's benchmark client does: `[DONE]` ends it,
// an event with non-empty `choices` is a token event (its arrival feeds TTFT/ITL/E2E), an event without
// choices may carry the usage; `{"error": ...}` inside the stream is the server failing mid-answer.
import type { SseData } from './sse-reader';
import type { TokenUsage } from './timing';

export interface ContentDelta {
  content: string;
  reasoning: string;
  atNs: bigint;
}

/** What one payload meant for the stream as a whole. */
export type PayloadVerdict = 'continue' | 'done' | 'malformed';

export class CompletionAccumulator {
  content = '';
  reasoning = '';
  finishReason: string | null = null;
  model: string | null = null;
  systemFingerprint: string | null = null;
  /** Data events, `[DONE]` excluded. */
  events = 0;
  readonly choiceEventArrivalsNs: bigint[] = [];
  firstContentNs: bigint | null = null;
  usage: TokenUsage | null = null;
  /** The payload of an error event inside the stream, if one came. */
  streamError: unknown = null;
  /** The payload that was not JSON, if one came. */
  malformedData: string | null = null;
  sawDone = false;

  constructor(private readonly onDelta?: (delta: ContentDelta) => void) {}

  accept(event: SseData): PayloadVerdict {
    if (event.data.trim() === '[DONE]') {
      this.sawDone = true;
      return 'done';
    }
    const chunk = parseObject(event.data);
    if (chunk === null) {
      // A tail cut by the closing connection is a symptom of the close, not a malformed stream.
      if (event.unterminated) return 'continue';
      this.malformedData = event.data;
      return 'malformed';
    }
    this.events += 1;
    if (isErrorPayload(chunk)) {
      this.streamError ??= chunk;
      return 'continue'; // vLLM follows it with [DONE]
    }
    this.readChunk(chunk, event.arrivalNs);
    return 'continue';
  }

  private readChunk(chunk: Record<string, unknown>, arrivalNs: bigint): void {
    if (typeof chunk.model === 'string') this.model ??= chunk.model;
    if (typeof chunk.system_fingerprint === 'string') this.systemFingerprint ??= chunk.system_fingerprint;
    const usage = readUsage(chunk.usage);
    if (usage) this.usage = usage; // with continuous_usage_stats every chunk has one: the last is the total
    const choices = chunk.choices;
    if (!Array.isArray(choices) || choices.length === 0) return; // usage-only chunk: it does not move E2E
    this.choiceEventArrivalsNs.push(arrivalNs);
    const choice = asRecord(choices.find((c) => asRecord(c)?.index === 0) ?? choices[0]);
    if (!choice) return;
    if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
    this.readDelta(asRecord(choice.delta), arrivalNs);
  }

  private readDelta(delta: Record<string, unknown> | null, atNs: bigint): void {
    if (!delta) return;
    const content = typeof delta.content === 'string' ? delta.content : '';
    // Older vLLM names the thinking text `reasoning_content`, newer `reasoning`.
    const reasoningField = delta.reasoning_content ?? delta.reasoning;
    const reasoning = typeof reasoningField === 'string' ? reasoningField : '';
    if (content === '' && reasoning === '') return;
    this.content += content;
    this.reasoning += reasoning;
    this.firstContentNs ??= atNs;
    this.onDelta?.({ content, reasoning, atNs });
  }
}

function isErrorPayload(chunk: Record<string, unknown>): boolean {
  return (chunk.error !== undefined && chunk.error !== null) || chunk.object === 'error';
}

function readUsage(value: unknown): TokenUsage | null {
  const usage = asRecord(value);
  if (!usage) return null;
  const count = (field: unknown) => (typeof field === 'number' && Number.isFinite(field) ? field : null);
  return { promptTokens: count(usage.prompt_tokens), completionTokens: count(usage.completion_tokens) };
}

function parseObject(data: string): Record<string, unknown> | null {
  try {
    return asRecord(JSON.parse(data));
  } catch {
    return null;
  }
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
