// vLLM-shaped chat-completion streams, recorded byte for byte the way the server would write them, with the
// answer they carry kept apart as the oracle: role chunk, reasoning, content (CJK, accents precomposed and
// combining, emoji with ZWJ sequences, skin tones and flags split across tokens, code), a final chunk with
// finish_reason, the usage chunk, [DONE]. Variants change only the framing.

export interface Recording {
  name: string;
  bytes: Buffer;
  content: string;
  reasoning: string;
  /** JSON data events ([DONE] excluded). */
  events: number;
  finishReason: string;
  completionTokens: number;
  promptTokens: number;
}

type Framing = 'lf' | 'crlf' | 'cr';

interface Variant {
  name: string;
  framing: Framing;
  /** `: ping` comment lines between (and inside) events. */
  comments?: boolean;
  /** Each JSON spread over several `data:` lines. */
  multiline?: boolean;
  /** Python json.dumps escapes (\uXXXX, surrogate pairs) instead of raw UTF-8. */
  asciiJson?: boolean;
  reasoningField: 'reasoning_content' | 'reasoning';
}

export const REASONING_TOKENS = ['Let me think', '…', ' 考虑', '一下', ' 🤔', ' the user wants ', '«quotes»'];

export const CONTENT_TOKENS = [
  'Hello', ',', ' 世界', '！', ' 日本語', 'のテキスト', ' — ', 'café', ' cafe\u0301', ' naïve', ' Ωμέγα', ' עברית', ' العربية',
  ' 👩', '\u200d👩', '\u200d👧', '\u200d👦', ' 🇯', '🇵', ' 🏴\u{E0067}\u{E0062}', '\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
  ' 🧑🏽', '\u200d💻', ' 😀', '\n\n```ts\n', 'const s = "a\\nb";', '\n', 'if (x < 1 && y > 2) {}', '\n```\n', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', ' ✓',
];

const HEAD = { id: 'chatcmpl-4f1c0de2a9b84b6c', object: 'chat.completion.chunk', created: 1730000000, model: 'Qwen/Qwen3-4B' };

function chunk(choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...HEAD, choices, ...extra };
}

function tokenChunk(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  const choice: Record<string, unknown> = { index: 0, delta, logprobs: null, finish_reason: finishReason };
  if (finishReason !== null) choice.stop_reason = null;
  return chunk([choice]);
}

/** The JSON payloads of one answer, in order. */
function payloads(reasoningField: Variant['reasoningField']): Record<string, unknown>[] {
  const promptTokens = 37;
  const completionTokens = REASONING_TOKENS.length + 1 + CONTENT_TOKENS.length + 1; // + </think> + EOS
  return [
    tokenChunk({ role: 'assistant', content: '' }),
    ...REASONING_TOKENS.map((text) => tokenChunk({ [reasoningField]: text })),
    ...CONTENT_TOKENS.map((text) => tokenChunk({ content: text })),
    tokenChunk({ content: '' }, 'stop'),
    chunk([], { usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, completion_tokens: completionTokens } }),
  ];
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python's json.dumps defaults: ', ' and ': ' separators, non-ASCII as \uXXXX (astral as surrogate pairs). */
export function pythonJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return escapeNonAscii(JSON.stringify(value));
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
}

function serialise(payload: unknown, variant: Variant): string {
  // Pretty-printed JSON breaks only between tokens, so joining the data lines with \n stays valid JSON.
  if (variant.multiline) return variant.asciiJson ? escapeNonAscii(JSON.stringify(payload, null, 1)) : JSON.stringify(payload, null, 1);
  return variant.asciiJson ? pythonJson(payload) : JSON.stringify(payload);
}

function eventText(payload: unknown, variant: Variant, index: number): string {
  const eol = { lf: '\n', crlf: '\r\n', cr: '\r' }[variant.framing];
  const lines = serialise(payload, variant).split('\n');
  let text = variant.comments && index % 3 === 0 ? `: ping - 2025-01-01 00:00:0${index % 10}.000000${eol}` : '';
  lines.forEach((line, i) => {
    text += `data: ${line}${eol}`;
    if (variant.comments && variant.multiline && i === 0) text += `: keep-alive${eol}`;
  });
  return text + eol;
}

export function record(variant: Variant): Recording {
  const list = payloads(variant.reasoningField);
  const eol = { lf: '\n', crlf: '\r\n', cr: '\r' }[variant.framing];
  let text = variant.comments ? `: connected${eol}${eol}` : '';
  list.forEach((payload, i) => (text += eventText(payload, variant, i)));
  text += `data: [DONE]${eol}${eol}`;
  const usage = list.at(-1)!.usage as { completion_tokens: number; prompt_tokens: number };
  return {
    name: variant.name,
    bytes: Buffer.from(text, 'utf8'),
    content: CONTENT_TOKENS.join(''),
    reasoning: REASONING_TOKENS.join(''),
    events: list.length,
    finishReason: 'stop',
    completionTokens: usage.completion_tokens,
    promptTokens: usage.prompt_tokens,
  };
}

export const RECORDINGS: Recording[] = [
  record({ name: 'lf', framing: 'lf', reasoningField: 'reasoning_content' }),
  record({ name: 'crlf', framing: 'crlf', reasoningField: 'reasoning' }),
  record({ name: 'ping comments', framing: 'lf', comments: true, reasoningField: 'reasoning_content' }),
  record({ name: 'multi-line data', framing: 'lf', multiline: true, comments: true, reasoningField: 'reasoning' }),
  record({ name: 'cr, ascii-escaped json', framing: 'cr', asciiJson: true, reasoningField: 'reasoning_content' }),
  record({ name: 'crlf, multi-line, ascii-escaped', framing: 'crlf', multiline: true, asciiJson: true, reasoningField: 'reasoning' }),
];

/** The first `tokens` events of the lf recording (role chunk included), without an ending. */
export function partialStream(tokens: number): Buffer {
  const list = payloads('reasoning_content').slice(0, tokens + 1);
  return Buffer.from(list.map((p) => `data: ${JSON.stringify(p)}\n\n`).join(''), 'utf8');
}

/** The whole lf answer up to and including its finish_reason chunk and usage, but no [DONE]. */
export function streamWithoutDone(): Buffer {
  return Buffer.from(payloads('reasoning_content').map((p) => `data: ${JSON.stringify(p)}\n\n`).join(''), 'utf8');
}
