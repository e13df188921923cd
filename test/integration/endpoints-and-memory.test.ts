import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointProfileDraft } from '../../electron/shared/profiles';
import { makeTempDir } from '../support/temp-dir';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';

describe('endpoint profiles (a server someone else runs)', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let harness: Harness;
  beforeEach(async () => {
    dir = await makeTempDir();
    harness = createHarness(dir.path);
  });
  afterEach(async () => {
    await harness.dispose();
    await dir.remove();
  });

  const endpoint = (overrides: Partial<EndpointProfileDraft>): EndpointProfileDraft => ({
    engine: 'endpoint', name: 'remote', baseUrl: 'http://127.0.0.1:9/v1', apiKey: null, servedName: 'Qwen/Qwen3-4B-Instruct-2507', ...overrides,
  });

  it('is ready when /v1/models lists its model, and says why when it does not', async () => {
    const server = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507'));
    await harness.services.engines.launch(server.id);
    await harness.waitFor(server.id, 'ready');
    const { baseUrl, apiKey } = harness.services.engines.connection(server.id)!;

    const good = harness.createProfile(endpoint({ baseUrl: `${baseUrl}/`, apiKey }));
    const noKey = harness.createProfile(endpoint({ baseUrl }));
    const wrongModel = harness.createProfile(endpoint({ baseUrl, apiKey, servedName: 'llama3' }));
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const nobody = harness.createProfile(endpoint({ baseUrl: `http://127.0.0.1:${closedPort}/v1` }));
    for (const p of [good, noKey, wrongModel, nobody]) await harness.services.engines.launch(p.id);

    expect((await harness.waitFor(good.id, 'ready')).maxModelLen).toBe(4096);
    expect(harness.services.engines.connection(good.id)).toMatchObject({ baseUrl, apiKey, servedName: 'Qwen/Qwen3-4B-Instruct-2507', facts: { engine: 'endpoint', source: baseUrl } });
    expect((await harness.waitFor(noKey.id, 'crashed')).diagnosis).toMatchObject({ reason: 'endpoint-unauthorized', advice: expect.stringContaining('API key') });
    const missing = await harness.waitFor(wrongModel.id, 'crashed');
    expect(missing.diagnosis?.reason).toBe('endpoint-model-missing');
    expect(missing.diagnosis?.summary).toContain('it lists: Qwen/Qwen3-4B-Instruct-2507');
    expect((await harness.waitFor(nobody.id, 'crashed')).diagnosis?.reason).toBe('endpoint-unreachable');
    expect((await harness.services.engines.stop(good.id)).state).toBe('stopped');
  });
});

describe('the memory check before launching', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let harness: Harness | undefined;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await harness?.dispose();
    await dir.remove();
  });

  it('refuses a launch that cannot fit next to what others use, with the numbers, unless forced', async () => {
    // A 24 GiB card with 20 GiB taken by someone else's process.
    harness = createHarness(dir.path, {
      env: {
        // The fake adds its apps' memory to usedMiB (as the real tool's memory.used includes them).
        NVIDIA_SMI_EMU_GPUS: JSON.stringify([{ name: 'NVIDIA GeForce RTX 4090', totalMiB: 24564, usedMiB: 0 }]),
        NVIDIA_SMI_EMU_APPS: JSON.stringify([{ pid: 4242, name: 'python', usedMiB: 20480 }]),
      },
    });
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_GPU_TOTAL_GIB: '23.99', VLLM_EMU_GPU_FREE_GIB: '3.9' }, { gpuMemoryUtilization: 0.45 }));
    const refused = await harness.services.dispatch('engines.launch', { profileId: profile.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const message = (refused as { error: { message: string } }).error.message;
    expect(message).toMatch(/would not fit in GPU memory/);
    expect(message).toMatch(/while other processes and the driver take 20\.\d GiB/);
    expect(message).toMatch(/stop the process .python. \(pid 4242\)/);
    expect(harness.services.engines.list()[0]!.state).toBe('stopped');

    // Forced, it launches, and vLLM's own startup check fails the way the facts file says.
    await harness.services.dispatch('engines.launch', { profileId: profile.id, force: true });
    const crashed = await harness.waitFor(profile.id, 'crashed');
    expect(crashed.diagnosis?.reason).toBe('gpu-memory-insufficient');
  });

  it('says it could not check without a working nvidia-smi, and still launches', async () => {
    harness = createHarness(dir.path, { env: { NVIDIA_SMI_EMU_FAIL: '1' } });
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507'));
    const plan = await harness.services.engines.memoryPlan([profile.id]);
    expect(plan.checked).toBe(false);
    expect(plan.messages.join(' ')).toMatch(/nvidia-smi|NVIDIA driver/i);
    await harness.services.engines.launch(profile.id);
    await harness.waitFor(profile.id, 'ready');
  });

  it('plans the sample pair on one 48 GB GPU, from the shipped facts, and proposes utilizations when they do not fit', async () => {
    harness = createHarness(dir.path);
    const small = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', {}, { gpuMemoryUtilization: 0.6 }));
    const big = harness.createProfile(emulatedDraft('Qwen/Qwen2-7B-Instruct', {}, { gpuMemoryUtilization: 0.6 }));
    const plan = await harness.services.engines.memoryPlan([small.id, big.id]);
    expect(plan).toMatchObject({ checked: true, verdict: 'does-not-fit' });
    expect(plan.gpus[0]).toMatchObject({ index: 0, name: 'NVIDIA RTX A6000', computeCapability: '8.6', verdict: 'does-not-fit' });
    expect(plan.servers.map((s) => s.estimate.source)).toEqual(['shipped-facts', 'shipped-facts']);
    expect(plan.proposal?.kind).toBe('utilization');
    const utilizations = plan.proposal!.changes.map((c) => c.gpuMemoryUtilization ?? 0.6);
    expect(utilizations.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(0.95);
  });
});
