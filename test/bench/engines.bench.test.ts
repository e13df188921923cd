import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import type { EngineState } from '../../electron/shared/engine';
import { makeTempDir } from '../support/temp-dir';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';
import { lastEventNs } from './support/emulator-events';
import { median, msBetween, nowNs, recordResults, round } from './support/results';

// Issue 3's three figures, each the median of RUNS repetitions:
//  ready_detect_ms_p50  emulator's first /health 200  -> the app's `ready` event
//  crash_detect_ms_p50  emulator process exit          -> the app's `crashed` event, with the right diagnosis
//  stop_overhead_ms_p50 emulator exit (it honours SIGTERM and stops its EngineCore first) -> stop() resolved
const RUNS = 15;

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let harness: Harness;
const seenAt = new Map<string, bigint>();

beforeAll(async () => {
  dir = await makeTempDir('pairwise-bench-');
  harness = createHarness(dir.path, { timings: { stopGraceMs: 30_000 } });
  // Stamp each status event the moment it is emitted (the bus is synchronous).
  harness.services.bus.on('engines.status', (status) => {
    const key = `${status.profileId}:${status.state}`;
    if (!seenAt.has(key)) seenAt.set(key, nowNs());
  });
});
afterAll(async () => {
  await harness.dispose();
  await dir.remove();
});

function stamp(profileId: string, state: EngineState): bigint {
  const at = seenAt.get(`${profileId}:${state}`);
  if (at === undefined) throw new Error(`no ${state} for ${profileId}`);
  return at;
}

it('measures readiness detection, crash detection and stop overhead against the emulator', async () => {
  const ready: number[] = [];
  const stop: number[] = [];
  const crash: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const events = join(dir.path, `ready-${run}.jsonl`);
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_EVENTS_FILE: events, VLLM_EMU_STARTUP_MS: '400' }));
    await harness.services.engines.launch(profile.id);
    await harness.waitFor(profile.id, 'ready');
    ready.push(msBetween(lastEventNs(events, 'health_first_200'), stamp(profile.id, 'ready')));
    await harness.services.engines.stop(profile.id);
    const stopped = nowNs();
    stop.push(msBetween(lastEventNs(events, 'exit'), stopped));
    rmSync(events, { force: true });

    const crashEvents = join(dir.path, `crash-${run}.jsonl`);
    const failing = harness.createProfile(emulatedDraft('emu/fail-cuda-oom', { VLLM_EMU_EVENTS_FILE: crashEvents, VLLM_EMU_STARTUP_MS: '200' }));
    await harness.services.engines.launch(failing.id, true);
    const crashed = await harness.waitFor(failing.id, 'crashed');
    // A fast report with the wrong cause is a failure, not a good figure.
    if (crashed.diagnosis?.reason !== 'cuda-oom') throw new Error(`run ${run}: diagnosed ${JSON.stringify(crashed.diagnosis)}, not cuda-oom`);
    crash.push(msBetween(lastEventNs(crashEvents, 'exit'), stamp(failing.id, 'crashed')));
    await harness.services.engines.stop(failing.id);
  }
  recordResults('engines', {
    ready_detect_ms_p50: round(median(ready)),
    crash_detect_ms_p50: round(median(crash)),
    stop_overhead_ms_p50: round(median(stop)),
  });
});
