import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../bench/support/emulator-events';
import { median } from '../bench/support/results';
import { compareAndWait, startRequest } from '../support/compare-harness';
import { createHarness, emulatedDraft } from '../support/engine-harness';
import { makeTempDir } from '../support/temp-dir';

// Runs in the 'timing' project: after every other test, one file at a time, so that timings are not taken on a
// machine busy with the rest of the suite.
const TTFT_MS = 300;
const TOKENS_PER_S = 50;
const RUNS = 5;

/** How late the emulator itself sent each first token (its events file: first byte in -> first token out). */
function emulatorLatenessMs(eventsFile: string): number[] {
  const events = readEvents(eventsFile);
  const arrived = new Map(events.filter((e) => e.event === 'request_first_byte').map((e) => [e.req, BigInt(e.t_ns)]));
  return events
    .filter((e) => e.event === 'first_token_sent')
    .map((e) => Number(BigInt(e.t_ns) - arrived.get(e.req)!) / 1e6 - TTFT_MS);
}

describe('timing through a whole comparison', () => {
  it('measures TTFT within 3 ms and decode speed within 2% on both sides at once', async () => {
    const dir = await makeTempDir();
    const harness = createHarness(dir.path);
    try {
      const knobs = (side: string) => ({ VLLM_EMU_TTFT_MS: String(TTFT_MS), VLLM_EMU_TOKENS_PER_S: String(TOKENS_PER_S), VLLM_EMU_OUTPUT_TOKENS: '60', VLLM_EMU_EVENTS_FILE: join(dir.path, `${side}.jsonl`) });
      const a = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', knobs('left'), { gpuIndices: [0] }));
      const b = harness.createProfile(emulatedDraft('Qwen/Qwen2.5-1.5B-Instruct', knobs('right'), { gpuIndices: [1] }));
      await Promise.all([harness.services.engines.launch(a.id, true), harness.services.engines.launch(b.id, true)]);
      await Promise.all([harness.waitFor(a.id, 'ready'), harness.waitFor(b.id, 'ready')]);
      const ttft = { left: [] as number[], right: [] as number[] };
      const decode = { left: [] as number[], right: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        const { snapshot } = await compareAndWait(harness, startRequest(a.id, b.id, { userMessage: `Timing run ${run}.` }));
        for (const side of ['left', 'right'] as const) {
          const timings = snapshot.sides[side].outcome!.timings;
          expect(timings.outputTokens).toBe(60);
          ttft[side].push(timings.ttftMs!);
          decode[side].push(timings.decodeTokensPerS!);
        }
      }
      for (const side of ['left', 'right'] as const) {
        // The emulator is a test double with its own timer lateness (≈0.5-2 ms, 20 ms on a loaded machine): the
        // true TTFT a perfect client would see is 300 ms plus that lateness, so that is what the app's figure is
        // held to. The first request each emulator served was the warm-up.
        const lateness = emulatorLatenessMs(join(dir.path, `${side}.jsonl`)).slice(1);
        const errors = ttft[side].map((measured, i) => measured - (TTFT_MS + lateness[i]!));
        const figures = `${side} TTFT ${ttft[side].join(', ')}; emulator late by ${lateness.join(', ')}`;
        // What is left is the client's share plus the scheduler's. A busy machine (the suite beside another one)
        // only ever adds delay, so the client is judged on its best run, as in chat-stream.test.ts: a delay of the
        // client's own would be in every run. Never before the server sent it, either.
        expect(Math.min(...errors), figures).toBeGreaterThanOrEqual(0);
        expect(Math.min(...errors), figures).toBeLessThanOrEqual(3);
        expect(Math.abs(median(ttft[side]) - TTFT_MS), figures).toBeLessThanOrEqual(10);
        expect(Math.abs(median(decode[side]) - TOKENS_PER_S) / TOKENS_PER_S, `${side} tok/s ${decode[side].join(', ')}`).toBeLessThanOrEqual(0.02);
      }
    } finally {
      await harness.dispose();
      await dir.remove();
    }
  });
});
