// vLLM bench-serve timing definitions on hand-made arrival times, and the /metrics cross-check's parsing.
import { describe, expect, it } from 'vitest';
import { histogramTotals, serverTtftDeltaMs, TTFT_HISTOGRAM } from '../../electron/services/inference/server-metrics';
import { parsePrometheusText } from '../../electron/services/inference/prometheus-text';
import { computeSideTimings, percentile } from '../../electron/services/inference/timing';
import { parseContextLength } from '../../electron/services/inference/context-length';

const ms = (value: number) => BigInt(Math.round(value * 1e6));

describe('computeSideTimings (vllm bench serve definitions)', () => {
  it('TTFT is the first choices event, E2E the last, ITL the gaps after the first, TPOT over n - 1 tokens', () => {
    // start at 1000 ms; choices events at +300, +320, +340, +380 (the usage-only chunk is not in the list).
    const timings = computeSideTimings({
      startNs: ms(1000),
      choiceEventArrivalsNs: [ms(1300), ms(1320), ms(1340), ms(1380)],
      firstContentNs: ms(1320),
      usage: { promptTokens: 12, completionTokens: 5 },
    });
    expect(timings.ttftMs).toBeCloseTo(300, 9);
    expect(timings.firstContentMs).toBeCloseTo(320, 9);
    expect(timings.e2eMs).toBeCloseTo(380, 9);
    expect(timings.itlP50Ms).toBeCloseTo(20, 9);
    expect(timings.itlP95Ms).toBeCloseTo(38, 9); // numpy linear: 20 + 0.9 * (40 - 20)
    expect(timings.tpotMs).toBeCloseTo(80 / 4, 9);
    expect(timings.decodeTokensPerS).toBeCloseTo(4 / 0.08, 9);
    expect(timings.outputTokens).toBe(5);
    expect(timings.promptTokens).toBe(12);
    expect(timings.serverTtftMs).toBeNull();
  });

  it('one output token, or no usage chunk: no TPOT and no decode speed', () => {
    const one = computeSideTimings({ startNs: 0n, choiceEventArrivalsNs: [ms(5), ms(6)], firstContentNs: ms(5), usage: { promptTokens: 1, completionTokens: 1 } });
    expect(one.tpotMs).toBeNull();
    expect(one.decodeTokensPerS).toBeNull();
    const noUsage = computeSideTimings({ startNs: 0n, choiceEventArrivalsNs: [ms(5), ms(6)], firstContentNs: null, usage: null });
    expect(noUsage.outputTokens).toBeNull();
    expect(noUsage.tpotMs).toBeNull();
    expect(noUsage.ttftMs).toBeCloseTo(5, 9);
  });

  it('no choices event at all: everything null', () => {
    const timings = computeSideTimings({ startNs: 0n, choiceEventArrivalsNs: [], firstContentNs: null, usage: null });
    expect(Object.values(timings).every((value) => value === null)).toBe(true);
  });

  it('percentile interpolates linearly like numpy', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10], 95)).toBe(10);
    expect(percentile([], 50)).toBeNull();
    expect(percentile([0, 100], 95)).toBeCloseTo(95, 9);
  });
});

describe('context-length wordings', () => {
  it('reads figures with thousands separators too', () => {
    expect(parseContextLength("This model's maximum context length is 131,072 tokens. However, your request has 140,000 input tokens.")).toEqual({
      contextTokens: 131072,
      promptTokens: 140000,
      requestedOutputTokens: null,
    });
  });
});

describe('/metrics TTFT histogram', () => {
  const text = [
    '# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.',
    '# TYPE vllm:time_to_first_token_seconds histogram',
    'vllm:time_to_first_token_seconds_bucket{model_name="Qwen/Qwen3-4B",engine="0",le="+Inf"} 3.0',
    'vllm:time_to_first_token_seconds_count{model_name="Qwen/Qwen3-4B",engine="0"} 3.0',
    'vllm:time_to_first_token_seconds_sum{model_name="Qwen/Qwen3-4B",engine="0"} 0.9',
    'vllm:time_to_first_token_seconds_count{model_name="Qwen/Qwen3-4B",engine="1"} 1.0',
    'vllm:time_to_first_token_seconds_sum{model_name="Qwen/Qwen3-4B",engine="1"} 2.5e-01',
    'vllm:time_to_first_token_seconds_count{model_name="other \\"quoted\\"",engine="0"} 7.0',
    'vllm:time_to_first_token_seconds_sum{model_name="other \\"quoted\\"",engine="0"} 1.0',
    'vllm:num_requests_running{model_name="Qwen/Qwen3-4B",engine="0"} NaN',
  ].join('\n');

  it('sums _sum and _count over engines for one model name, escaped labels included', () => {
    const samples = parsePrometheusText(text);
    expect(histogramTotals(samples, TTFT_HISTOGRAM, 'Qwen/Qwen3-4B')).toEqual({ sum: 1.15, count: 4 });
    expect(histogramTotals(samples, TTFT_HISTOGRAM, 'other "quoted"')).toEqual({ sum: 1, count: 7 });
    expect(histogramTotals(samples, TTFT_HISTOGRAM, 'absent')).toBeNull();
  });

  it('a delta only when exactly one request got its first token in between', () => {
    expect(serverTtftDeltaMs({ sum: 1, count: 3 }, { sum: 1.3005, count: 4 })).toBeCloseTo(300.5, 6);
    expect(serverTtftDeltaMs({ sum: 1, count: 3 }, { sum: 1.6, count: 5 })).toBeNull();
    expect(serverTtftDeltaMs(null, { sum: 1, count: 1 })).toBeNull();
  });
});
