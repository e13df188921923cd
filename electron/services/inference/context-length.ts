// Reads the numbers out of vLLM's "too long" 400s. The wording changed between releases (see
// shared/vllm-facts.md, "HTTP API"), so each known sentence is matched on its own and the figures merged.

export interface ContextLengthFigures {
  /** The server's context (max-model-len). */
  contextTokens: number | null;
  promptTokens: number | null;
  /** The max tokens the request asked for, when the message says. */
  requestedOutputTokens: number | null;
}

const INT = '(\\d[\\d,]*)';

// Each pattern fills some of the figures; vLLM's messages are English-only and stable within a release.
const PATTERNS: { pattern: RegExp; fields: (keyof ContextLengthFigures)[] }[] = [
  // v0.10/0.11: "This model's maximum context length is 32768 tokens. However, your request has 40000 input tokens."
  // and "... maximum context length is 32768 tokens and your request has 30000 input tokens (4096 > 32768 - 30000)."
  { pattern: new RegExp(`maximum context length is ${INT} tokens`, 'i'), fields: ['contextTokens'] },
  { pattern: new RegExp(`your request has ${INT} input tokens`, 'i'), fields: ['promptTokens'] },
  { pattern: new RegExp(`'max_tokens' or 'max_completion_tokens' is too large: ${INT}`, 'i'), fields: ['requestedOutputTokens'] },
  // Newer input processor: "You passed 30000 input tokens and requested 4096 output tokens. However, the model's
  // context length is only 32768 tokens, ..."
  { pattern: new RegExp(`You passed ${INT} input tokens and requested ${INT} output tokens`, 'i'), fields: ['promptTokens', 'requestedOutputTokens'] },
  { pattern: new RegExp(`context length is only ${INT} tokens`, 'i'), fields: ['contextTokens'] },
  // Old OpenAI-style wording (vLLM 0.4-0.6): "However, you requested 5000 tokens (4000 in the messages, 1000 in the completion)."
  { pattern: new RegExp(`\\(${INT} in the messages, ${INT} in the completion\\)`, 'i'), fields: ['promptTokens', 'requestedOutputTokens'] },
];

/** vLLM's rule (shared/vllm-facts.md): status 400 and "context length" somewhere in the message. */
export function isContextLengthMessage(status: number, message: string | null): boolean {
  return status === 400 && message !== null && /context length/i.test(message);
}

export function parseContextLength(message: string): ContextLengthFigures {
  const figures: ContextLengthFigures = { contextTokens: null, promptTokens: null, requestedOutputTokens: null };
  for (const { pattern, fields } of PATTERNS) {
    const match = pattern.exec(message);
    if (!match) continue;
    fields.forEach((field, i) => {
      const digits = match[i + 1];
      if (digits !== undefined && figures[field] === null) figures[field] = Number(digits.replaceAll(',', ''));
    });
  }
  return figures;
}
