// A side's timings, computed exactly as `vllm bench serve` computes a request's
// (vllm/benchmarks/lib/endpoint_request_func.py, async_request_openai_chat_completions, and
// vllm/benchmarks/serve.py, calculate_metrics). Pure: arrival times in, milliseconds out.
import type { SideTimings } from '../../shared/compare';

export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
}

export interface TimingInput {
  /** Monotonic ns just before the request body was written. */
  startNs: bigint;
  /** Arrival (ns) of every SSE event whose `choices` is non-empty, in order. */
  choiceEventArrivalsNs: readonly bigint[];
  /** Arrival of the first event carrying non-empty content or reasoning. */
  firstContentNs: bigint | null;
  /** From the final usage chunk (`stream_options.include_usage`); null when it never came. */
  usage: TokenUsage | null;
}

export function msBetween(fromNs: bigint, toNs: bigint): number {
  return Number(toNs - fromNs) / 1e6;
}

/** numpy.percentile's default (linear interpolation between closest ranks), which vLLM reports. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (upper - lower) * (rank - below);
}

/** Gaps between consecutive choices-bearing events after the first (the first one is TTFT, not an ITL). */
export function interTokenLatenciesMs(arrivalsNs: readonly bigint[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < arrivalsNs.length; i++) gaps.push(msBetween(arrivalsNs[i - 1]!, arrivalsNs[i]!));
  return gaps;
}

export function computeSideTimings(input: TimingInput): SideTimings {
  const first = input.choiceEventArrivalsNs[0];
  const last = input.choiceEventArrivalsNs.at(-1);
  const ttftMs = first === undefined ? null : msBetween(input.startNs, first);
  // Only choices-bearing events move the end: the trailing usage-only chunk carries no token.
  const e2eMs = last === undefined ? null : msBetween(input.startNs, last);
  const itls = interTokenLatenciesMs(input.choiceEventArrivalsNs);
  const outputTokens = input.usage?.completionTokens ?? null;
  const decode = decodeFigures(ttftMs, e2eMs, outputTokens);
  return {
    ttftMs,
    firstContentMs: input.firstContentNs === null ? null : msBetween(input.startNs, input.firstContentNs),
    e2eMs,
    itlP50Ms: percentile(itls, 50),
    itlP95Ms: percentile(itls, 95),
    tpotMs: decode.tpotMs,
    decodeTokensPerS: decode.tokensPerS,
    outputTokens,
    promptTokens: input.usage?.promptTokens ?? null,
    serverTtftMs: null, // filled by the caller from the server's /metrics
  };
}

/**
 * TPOT and decode speed. Both use output tokens MINUS ONE: the first token's time is already TTFT, so the
 * span E2E - TTFT holds only the remaining (n - 1) tokens. Dividing n tokens by it would overstate the speed
 * (by 1% at 100 tokens, by 50% at 3).
 */
function decodeFigures(ttftMs: number | null, e2eMs: number | null, outputTokens: number | null): { tpotMs: number | null; tokensPerS: number | null } {
  if (ttftMs === null || e2eMs === null || outputTokens === null || outputTokens <= 1) return { tpotMs: null, tokensPerS: null };
  const decodeMs = e2eMs - ttftMs;
  const tpotMs = decodeMs / (outputTokens - 1);
  return { tpotMs, tokensPerS: decodeMs > 0 ? (outputTokens - 1) / (decodeMs / 1000) : null };
}
