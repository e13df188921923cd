import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus, FailureReason } from '../../electron/shared/engine';
import { processRunning, waitUntil } from '../../electron/services/engines/process/process-group';
import { makeTempDir } from '../support/temp-dir';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';

// Every startup failure of vllm-facts.md, as the emulator prints it, must end `crashed` with its reason code,
// advice a person can act on, and no process left behind.
const CASES: { mode: string; reason: FailureReason; advice: RegExp; overrides?: Record<string, unknown> }[] = [
  { mode: 'free-memory', reason: 'gpu-memory-insufficient', advice: /gpu-memory-utilization to 0\.\d\d/ },
  { mode: 'no-kv-room', reason: 'kv-cache-no-room', advice: /gpu.memory.utilization/i },
  { mode: 'max-len-kv', reason: 'max-len-exceeds-kv', advice: /max-model-len to \d+/ },
  { mode: 'cuda-oom', reason: 'cuda-oom', advice: /./ },
  { mode: 'port-in-use', reason: 'port-in-use', advice: /./ },
  { mode: 'invalid-repo', reason: 'model-not-found', advice: /./ },
  { mode: 'gated-repo', reason: 'gated-model', advice: /HF_TOKEN|huggingface-cli login|hf auth login/ },
  { mode: 'unsupported-arch', reason: 'unsupported-architecture', advice: /./ },
  { mode: 'no-gpu', reason: 'no-gpu', advice: /nvidia-smi|CUDA_VISIBLE_DEVICES/ },
  { mode: 'bf16-unsupported', reason: 'bf16-unsupported', advice: /--dtype half|half/ },
];

describe('startup failures end in crashed, diagnosed', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let harness: Harness;
  const results = new Map<string, { status: EngineStatus; pidFile: string }>();

  beforeAll(async () => {
    dir = await makeTempDir();
    harness = createHarness(dir.path);
    // All at once, each on its own (emulated) GPU so none waits for another; force skips the memory plan.
    await Promise.all(
      CASES.map(async ({ mode }, index) => {
        const pidFile = join(dir.path, `${mode}.pids.json`);
        const profile = harness.createProfile(emulatedDraft(`emu/fail-${mode}`, { VLLM_EMU_PID_FILE: pidFile, VLLM_EMU_STARTUP_MS: '200' }, { gpuIndices: [index], name: mode }));
        await harness.services.engines.launch(profile.id, true);
        results.set(mode, { status: await harness.waitFor(profile.id, 'crashed', 30_000), pidFile });
      }),
    );
  });
  afterAll(async () => {
    await harness.dispose();
    await dir.remove();
  });

  it.each(CASES)('$mode -> $reason', async ({ mode, reason, advice }) => {
    const { status, pidFile } = results.get(mode)!;
    expect(status.diagnosis?.reason, JSON.stringify(status.diagnosis)).toBe(reason);
    expect(status.diagnosis!.advice).toMatch(advice);
    expect(status.diagnosis!.summary.length).toBeGreaterThan(10);
    expect(status.lastExit?.code).toBe(1);
    try {
      const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { apiServer: number; engine: number[] };
      // The crashed server's leftovers are stopped in the background, right after its exit.
      const tree = [pids.apiServer, ...pids.engine];
      expect(await waitUntil(() => !tree.some(processRunning), 5000, 10), `${mode} pids ${tree.filter(processRunning).join(', ')}`).toBe(true);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // failed before it spawned children
    }
  });

  it('names a missing vllm executable', async () => {
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', {}, { command: { kind: 'vllm', path: '/nonexistent/bin/vllm' }, gpuIndices: [40] }));
    await harness.services.engines.launch(profile.id, true);
    const crashed = await harness.waitFor(profile.id, 'crashed');
    expect(crashed.diagnosis?.reason).toBe('executable-not-found');
  });

  it('names an argument vLLM rejects', async () => {
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', {}, { extraArgs: ['--no-such-flag'], gpuIndices: [41] }));
    await harness.services.engines.launch(profile.id, true);
    const crashed = await harness.waitFor(profile.id, 'crashed');
    expect(crashed.diagnosis?.reason).toBe('bad-arguments');
    expect(crashed.diagnosis?.summary).toContain('--no-such-flag');
  });

  describe('the cause is read even when it arrives after the exit', () => {
    const lateServer = fileURLToPath(new URL('../fixtures/late-output/server.mjs', import.meta.url));
    const lateDraft = (mode: string, pidFile: string, gpu: number) =>
      emulatedDraft('emu/late', { LATE_OUTPUT_MODE: mode, LATE_OUTPUT_PID_FILE: pidFile }, { command: { kind: 'vllm', path: lateServer }, gpuIndices: [gpu] });

    it('waits for the pipes, not for a timer: a line written after the exit still names the cause', async () => {
      const pidFile = join(dir.path, 'late-cause.pid');
      const profile = harness.createProfile(lateDraft('late-cause', pidFile, 50));
      await harness.services.engines.launch(profile.id, true);
      const crashed = await harness.waitFor(profile.id, 'crashed');
      expect(crashed.diagnosis?.reason, JSON.stringify(crashed.diagnosis)).toBe('model-not-found');
      expect(crashed.diagnosis?.evidence).toContain('Invalid repository ID');
      const child = Number(readFileSync(pidFile, 'utf8'));
      // Its pipes closed when it exited; init reaps it a moment later.
      expect(await waitUntil(() => !processRunning(child), 5000, 10), `pid ${child}`).toBe(true);
    });

    it('stops waiting once the group is gone, when a process outside it holds the pipes open', async () => {
      const pidFile = join(dir.path, 'stray.pid');
      const profile = harness.createProfile(lateDraft('stray-holder', pidFile, 51));
      await harness.services.engines.launch(profile.id, true);
      try {
        const crashed = await harness.waitFor(profile.id, 'crashed', 10_000);
        expect(crashed.diagnosis?.reason, JSON.stringify(crashed.diagnosis)).toBe('model-not-found');
        // Not in the server's group, so not ours to kill: it is left alone.
        expect(processRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
      } finally {
        const stray = Number(readFileSync(pidFile, 'utf8'));
        process.kill(stray, 'SIGKILL');
        await waitUntil(() => !processRunning(stray), 5000, 10);
      }
    });
  });
});
