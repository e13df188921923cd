// The server's own view of TTFT, for a cross-check beside the client's: vLLM's Prometheus histogram
// `vllm:time_to_first_token_seconds`, read before and after a request. Measured inside the server (from the
// request's arrival to its first output), so it will not match the client's figure exactly.
import { parsePrometheusText, type PrometheusSample } from './prometheus-text';

export interface HistogramTotals {
  /** Seconds, summed over every observation. */
  sum: number;
  count: number;
}

export const TTFT_HISTOGRAM = 'vllm:time_to_first_token_seconds';
const DEFAULT_TIMEOUT_MS = 2000;

/** `_sum` and `_count` of the TTFT histogram for one served model (summed over engines); null when unavailable. */
export async function readServerTtft(
  origin: string,
  modelName: string,
  options: { apiKey?: string | null; timeoutMs?: number } = {},
): Promise<HistogramTotals | null> {
  const text = await fetchMetricsText(origin, options.apiKey ?? null, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return text === null ? null : histogramTotals(parsePrometheusText(text), TTFT_HISTOGRAM, modelName);
}

/** The TTFT of the one request that happened between two readings, in ms; null if not exactly one did. */
export function serverTtftDeltaMs(before: HistogramTotals | null, after: HistogramTotals | null): number | null {
  if (!before || !after || after.count - before.count !== 1) return null;
  return (after.sum - before.sum) * 1000;
}

export function histogramTotals(samples: readonly PrometheusSample[], histogram: string, modelName: string): HistogramTotals | null {
  let sum: number | null = null;
  let count: number | null = null;
  for (const sample of samples) {
    if (sample.labels.model_name !== modelName) continue;
    if (sample.name === `${histogram}_sum`) sum = (sum ?? 0) + sample.value;
    if (sample.name === `${histogram}_count`) count = (count ?? 0) + sample.value;
  }
  return sum === null || count === null ? null : { sum, count };
}

async function fetchMetricsText(origin: string, apiKey: string | null, timeoutMs: number): Promise<string | null> {
  try {
    const response = await fetch(`${origin.replace(/\/+$/, '')}/metrics`, {
      headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return null;
    }
    return await response.text();
  } catch {
    return null; // refused, timed out, not a Prometheus server: the cross-check is simply unavailable
  }
}
