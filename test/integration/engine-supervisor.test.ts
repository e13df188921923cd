import { createServer, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processRunning } from '../../electron/services/engines/process/process-group';
import { makeTempDir } from '../support/temp-dir';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';

describe('the engine supervisor against the vLLM emulator', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let harness: Harness;

  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await harness?.dispose();
    await dir.remove();
  });

  it('starts the second server on a shared GPU only after the first is ready; both answer /v1/models', async () => {
    harness = createHarness(dir.path);
    // The queue shows only while the first still loads: its 3 s start-up outlasts the second's memory check (two
    // nvidia-smi runs and a cache scan, well over the default 300 ms on a busy machine).
    const first = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_STARTUP_MS: '3000' }, { gpuMemoryUtilization: 0.35 }));
    const second = harness.createProfile(emulatedDraft('Qwen/Qwen2-7B-Instruct', {}, { gpuMemoryUtilization: 0.55 }));
    await harness.services.engines.launch(first.id);
    await harness.services.engines.launch(second.id);

    const firstReady = await harness.waitFor(first.id, 'ready');
    const secondReady = await harness.waitFor(second.id, 'ready');
    const events = harness.events;
    const firstReadyAt = events.indexOf(firstReady);
    const secondSpawnedAt = events.findIndex((s) => s.profileId === second.id && s.pid !== null);
    expect(events.some((s) => s.profileId === second.id && s.stage === 'waiting-for-gpu')).toBe(true);
    expect(secondSpawnedAt).toBeGreaterThan(firstReadyAt);

    for (const [profile, status] of [[first, firstReady], [second, secondReady]] as const) {
      const connection = harness.services.engines.connection(profile.id)!;
      expect(status.baseUrl).toBe(connection.baseUrl);
      expect(connection.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${connection.baseUrl}/models`, { headers: { Authorization: `Bearer ${connection.apiKey}` } });
      const body = (await response.json()) as { data: { id: string }[] };
      expect(body.data.map((m) => m.id)).toEqual([(profile as { source: string }).source]);
      // The random API key guards the server from other users of the machine.
      expect((await fetch(`${connection.baseUrl}/models`)).status).toBe(401);
    }
    expect(secondReady.vllmVersion).toBe('0.11.0');
  });

  it('reports startup stages in order while the server loads', async () => {
    harness = createHarness(dir.path);
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_STARTUP_MS: '600' }));
    await harness.services.engines.launch(profile.id);
    await harness.waitFor(profile.id, 'ready');
    const stages = harness.events.filter((s) => s.profileId === profile.id && s.state === 'starting').map((s) => s.stage);
    const distinct = stages.filter((stage, i) => stage !== stages[i - 1]);
    expect(distinct).toEqual(expect.arrayContaining(['spawning', 'loading-weights', 'kv-cache', 'cuda-graphs', 'starting-server']));
    const order = ['spawning', 'initializing', 'loading-weights', 'compiling', 'kv-cache', 'cuda-graphs', 'starting-server'];
    const indices = distinct.map((stage) => order.indexOf(stage!)).filter((i) => i >= 0);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    const { lines } = await harness.services.dispatch('engines.logs', { profileId: profile.id }).then((r) => (r as { value: { lines: { text: string }[] } }).value);
    expect(lines.some((l) => /Starting vLLM (API )?server/.test(l.text))).toBe(true);
    expect(lines[0]!.text).toMatch(/^\$ vllm serve Qwen\/Qwen3-4B-Instruct-2507 --host 127\.0\.0\.1 --port \d+/);
  });

  it('stops the whole process group, EngineCore included', async () => {
    harness = createHarness(dir.path);
    const pidFile = join(dir.path, 'pids.json');
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_PID_FILE: pidFile }));
    await harness.services.engines.launch(profile.id);
    await harness.waitFor(profile.id, 'ready');
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { apiServer: number; engine: number[] };
    expect(pids.engine.length).toBeGreaterThan(0);
    const stopped = await harness.services.engines.stop(profile.id);
    expect(stopped.state).toBe('stopped');
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processRunning(pid), `pid ${pid}`).toBe(false);
    expect(harness.events.filter((s) => s.profileId === profile.id).map((s) => s.state)).toEqual(
      expect.arrayContaining(['starting', 'ready', 'stopping', 'stopped']),
    );
  });

  it('kills a group that ignores SIGTERM after the grace period', async () => {
    harness = createHarness(dir.path, { timings: { stopGraceMs: 400 } });
    const pidFile = join(dir.path, 'pids.json');
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_PID_FILE: pidFile, VLLM_EMU_IGNORE_SIGTERM: '1' }));
    await harness.services.engines.launch(profile.id);
    await harness.waitFor(profile.id, 'ready');
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { apiServer: number; engine: number[] };
    const started = Date.now();
    await harness.services.engines.stop(profile.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processRunning(pid), `pid ${pid}`).toBe(false);
    const lines = harness.services.engines.logsOf(profile.id).tail(0);
    expect(lines.some((l) => /sent SIGKILL to the group/.test(l.text))).toBe(true);
  });

  it('never touches a port held by a foreign process: it uses another one', async () => {
    const foreign: Server = createServer((socket) => socket.end('foreign\n'));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const busyPort = (foreign.address() as { port: number }).port;
    try {
      harness = createHarness(dir.path);
      const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', {}, { preferredPort: busyPort }));
      await harness.services.engines.launch(profile.id);
      const ready = await harness.waitFor(profile.id, 'ready');
      expect(ready.port).not.toBe(busyPort);
      expect(foreign.listening).toBe(true);
      const reply = await fetch(`http://127.0.0.1:${busyPort}/health`).then(() => 'http', (error: Error) => error.message);
      expect(reply).not.toBe('http'); // still the foreign (non-HTTP) server answering, untouched
      const lines = harness.services.engines.logsOf(profile.id).tail(0);
      expect(lines.some((l) => l.text.includes(`Port ${busyPort} is in use by a process Pairwise did not start`))).toBe(true);
    } finally {
      foreign.close();
    }
  });

  it('meets the readiness deadline for a server that hangs, and stops it', async () => {
    harness = createHarness(dir.path, { timings: { readyDeadlineMs: 1200, stopGraceMs: 500 } });
    const pidFile = join(dir.path, 'pids.json');
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_FAIL: 'hang', VLLM_EMU_PID_FILE: pidFile }));
    await harness.services.engines.launch(profile.id);
    const crashed = await harness.waitFor(profile.id, 'crashed', 10_000);
    expect(crashed.diagnosis?.reason).toBe('startup-timeout');
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { apiServer: number; engine: number[] };
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('restarts a crashing server with backoff and gives up after the crash limit', async () => {
    harness = createHarness(dir.path, { timings: { restartPolicy: { baseDelayMs: 50, maxDelayMs: 200, maxCrashes: 3, windowMs: 60_000 } } });
    const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_ENGINE_DIES_AFTER_MS: '100', VLLM_EMU_STARTUP_MS: '150' }, { autoRestart: true }));
    await harness.services.engines.launch(profile.id);
    const failed = await harness.waitFor(profile.id, 'failed', 30_000);
    // Transitions only: a state's later status events (stage, version) repeat its name.
    const states = harness.events.filter((s) => s.profileId === profile.id).map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
    expect(states).toEqual(['starting', 'ready', 'crashed', 'starting', 'ready', 'crashed', 'starting', 'ready', 'crashed', 'failed']);
    expect(states.filter((s) => s === 'crashed')).toHaveLength(3);
    expect(states.filter((s) => s === 'ready')).toHaveLength(3);
    expect(failed.diagnosis?.reason).toBe('engine-died');
    const crashes = harness.events.filter((s) => s.profileId === profile.id && s.state === 'crashed');
    expect(crashes[0]!.nextRestartAt).not.toBeNull();
    expect(crashes[1]!.nextRestartAt! - crashes[1]!.lastExit!.at).toBeGreaterThanOrEqual(90); // 50 ms, then 100 ms
  });
});

describe('three servers on one GPU', () => {
  it('start one after another in launch order, without the waiters waking each other forever', async () => {
    const dir = await makeTempDir();
    const harness = createHarness(dir.path);
    try {
      const names = ['Qwen/Qwen2.5-0.5B-Instruct', 'Qwen/Qwen2.5-1.5B-Instruct', 'Qwen/Qwen3-4B-Instruct-2507'];
      const profiles = names.map((source) => harness.createProfile(emulatedDraft(source, {}, { gpuMemoryUtilization: 0.3 })));
      for (const profile of profiles) await harness.services.engines.launch(profile.id, true);
      const ready = [];
      for (const profile of profiles) ready.push(await harness.waitFor(profile.id, 'ready'));
      const readyOrder = ready.map((status) => harness.events.indexOf(status));
      expect(readyOrder).toEqual([...readyOrder].sort((a, b) => a - b));
      const waitingEvents = harness.events.filter((s) => s.stage === 'waiting-for-gpu').length;
      expect(waitingEvents).toBeLessThanOrEqual(10); // a few announcements (one per change of blocker), not a storm
    } finally {
      await harness.dispose();
      await dir.remove();
    }
  });
});
