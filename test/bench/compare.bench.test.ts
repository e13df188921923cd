import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../electron/host/headless-host';
import type { ComparisonDelta, ComparisonSnapshot, SideFinished } from '../../electron/shared/compare';
import type { ModelProfile } from '../../electron/shared/profiles';
import { compareAndWait, startRequest } from '../support/compare-harness';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';
import { HostClient } from '../support/host-client';
import { makeTempDir } from '../support/temp-dir';
import { readEvents } from './support/emulator-events';
import { median, recordResults, round } from './support/results';

// Issue 4's transport figures:
//  dispatch_skew_ms_p50  gap between the two requests' first bytes reaching their servers (emulator clocks)
//  relay_tokens_per_s    tokens per second per side delivered over the host's WebSocket (what the renderer
//                        receives), emulator at full speed, every character accounted for
const SKEW_RUNS = 30;
const RELAY_TOKENS = 20_000;

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let harness: Harness;

beforeAll(async () => {
  dir = await makeTempDir('pairwise-bench-');
  harness = createHarness(dir.path);
});
afterAll(async () => {
  await harness.dispose();
  await dir.remove();
});

async function launchPair(knobs: Record<string, string>, tag: string, maxModelLen = 4096): Promise<[ModelProfile, ModelProfile]> {
  const a = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { ...knobs, VLLM_EMU_EVENTS_FILE: join(dir.path, `${tag}-a.jsonl`) }, { gpuIndices: [0], name: `${tag}-a`, maxModelLen }));
  const b = harness.createProfile(emulatedDraft('Qwen/Qwen2.5-1.5B-Instruct', { ...knobs, VLLM_EMU_EVENTS_FILE: join(dir.path, `${tag}-b.jsonl`) }, { gpuIndices: [1], name: `${tag}-b`, maxModelLen }));
  await Promise.all([harness.services.engines.launch(a.id, true), harness.services.engines.launch(b.id, true)]);
  await Promise.all([harness.waitFor(a.id, 'ready'), harness.waitFor(b.id, 'ready')]);
  return [a, b];
}

it('measures the dispatch skew between the two requests', async () => {
  const [a, b] = await launchPair({ VLLM_EMU_OUTPUT_TOKENS: '5', VLLM_EMU_TTFT_MS: '5' }, 'skew');
  const firstBytes = (tag: string) =>
    readEvents(join(dir.path, `${tag}.jsonl`))
      .filter((e) => e.event === 'request_first_byte' && e.path === '/v1/chat/completions')
      .map((e) => BigInt((e.socket_t_ns as string | undefined) ?? e.t_ns));
  const skews: number[] = [];
  for (let run = 0; run < SKEW_RUNS; run++) {
    await compareAndWait(harness, startRequest(a.id, b.id, { userMessage: `Skew run ${run}.` }));
    const [left, right] = [firstBytes('skew-a').at(-1)!, firstBytes('skew-b').at(-1)!];
    skews.push(Math.abs(Number(left - right)) / 1e6);
  }
  recordResults('compare-dispatch', { dispatch_skew_ms_p50: round(median(skews), 3) });
});

it('measures relay throughput to a renderer over the WebSocket, with nothing lost', async () => {
  const [a, b] = await launchPair({ VLLM_EMU_OUTPUT_TOKENS: String(RELAY_TOKENS), VLLM_EMU_TOKENS_PER_S: '0', VLLM_EMU_TEXT: 'markdown' }, 'relay', 32768);
  const host: HeadlessHost = await startHeadlessHost({ services: harness.services, rendererDir: dir.path, port: 0 });
  const client = await HostClient.connect(host.url);
  try {
    const rates: number[] = [];
    for (let run = 0; run < 3; run++) {
      const received = { left: '', right: '' };
      const firstAt: Record<string, number> = {};
      const doneAt: Record<string, number> = {};
      client.events.length = 0;
      const snapshot = await client.call<ComparisonSnapshot>('compare.start', { ...startRequest(a.id, b.id, { userMessage: `Relay run ${run}.` }), sampling: { temperature: 0.7, topP: 0.95, maxTokens: RELAY_TOKENS + 10, seed: run } });
      const deadline = Date.now() + 60_000;
      let seen = 0;
      while (Object.keys(doneAt).length < 2 && Date.now() < deadline) {
        for (; seen < client.events.length; seen++) {
          const { event, payload } = client.events[seen]!;
          if (event === 'compare.delta') {
            const delta = payload as ComparisonDelta;
            if (delta.comparisonId !== snapshot.comparisonId) continue;
            firstAt[delta.side] ??= performance.now();
            received[delta.side] += delta.content;
          } else if (event === 'compare.sideFinished' && (payload as SideFinished).comparisonId === snapshot.comparisonId) {
            doneAt[(payload as SideFinished).side] = performance.now();
          }
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const final = harness.services.comparisons.get(snapshot.comparisonId);
      for (const side of ['left', 'right'] as const) {
        expect(received[side]).toBe(final.sides[side].content); // none lost, none duplicated
        const tokens = final.sides[side].outcome!.timings.outputTokens!;
        expect(tokens).toBe(RELAY_TOKENS);
        rates.push(tokens / ((doneAt[side]! - firstAt[side]!) / 1000));
      }
    }
    recordResults('compare-relay', { relay_tokens_per_s: Math.round(median(rates)) });
  } finally {
    client.close();
    await host.close();
  }
});
