import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processRunning, waitUntil } from '../../electron/services/engines/process/process-group';
import type { EngineStatus } from '../../electron/shared/engine';
import type { ModelProfile } from '../../electron/shared/profiles';
import type { OrphanServer } from '../../electron/shared/system';
import { startHost, type RunningHost } from '../e2e/support/host-process';
import { emulatorEnv } from '../support/emulator';
import { emulatedDraft } from '../support/engine-harness';
import { HostClient } from '../support/host-client';
import { makeTempDir } from '../support/temp-dir';
import { watchdogsOf } from '../support/watchdog-process';

// The headless host as a process of its own (the built out/main/host.js), as users and the e2e tests run it.
describe('the host process and the servers it launched', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let host: RunningHost | undefined;
  const env = emulatorEnv({ NVIDIA_SMI_EMU_GPUS: JSON.stringify([{ name: 'NVIDIA RTX A6000', totalMiB: 49140, usedMiB: 0 }]) });

  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await host?.stop();
    await dir.remove();
  });

  async function launchOne(client: HostClient, pidFile: string, knobs: Record<string, string> = {}): Promise<{ apiServer: number; engine: number[] }> {
    const draft = emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_PID_FILE: pidFile, ...knobs }, { gpuMemoryUtilization: 0.4 });
    const profile = await client.call<ModelProfile>('profiles.create', { draft });
    await client.call('engines.launch', { profileId: profile.id });
    await client.waitForEvent((event, payload) => event === 'engines.status' && (payload as EngineStatus).profileId === profile.id && (payload as EngineStatus).state === 'ready');
    return JSON.parse(readFileSync(pidFile, 'utf8')) as { apiServer: number; engine: number[] };
  }

  it('stops every server it launched when it is asked to quit (SIGTERM)', async () => {
    host = await startHost(dir.path, env);
    const client = await HostClient.connect(host.url);
    const pids = await launchOne(client, join(dir.path, 'pids.json'));
    client.close();
    const code = await host.stop();
    expect(code, host.output()).toBe(0);
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('stops its servers on SIGHUP even when the terminal that started it is gone (stdout closed)', async () => {
    host = await startHost(dir.path, env);
    const client = await HostClient.connect(host.url);
    const pids = await launchOne(client, join(dir.path, 'pids.json'));
    client.close();
    host.process.stdout!.destroy(); // its next writes fail with EPIPE, as after an SSH disconnect
    host.process.stderr!.destroy();
    const exited = new Promise<number | null>((resolve) => host!.process.once('exit', (code) => resolve(code)));
    host.process.kill('SIGHUP');
    expect(await exited).toBe(0);
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('leaves nothing running when it is SIGKILLed: its watchdog stops both servers, even one that ignores SIGTERM', async () => {
    host = await startHost(dir.path, env);
    const client = await HostClient.connect(host.url);
    const polite = await launchOne(client, join(dir.path, 'polite.json'));
    const stubborn = await launchOne(client, join(dir.path, 'stubborn.json'), { VLLM_EMU_IGNORE_SIGTERM: '1' });
    client.close();
    const everyPid = [polite.apiServer, ...polite.engine, stubborn.apiServer, ...stubborn.engine];
    const [watchdog] = watchdogsOf(host.process.pid!);
    expect(watchdog, 'the host runs a watchdog').toBeDefined();

    host.process.kill('SIGKILL');
    const killedAt = Date.now();
    const allGone = await waitUntil(() => everyPid.every((pid) => !processRunning(pid)), 5000, 20);
    expect(allGone, `still running ${Date.now() - killedAt} ms after the SIGKILL: ${everyPid.filter(processRunning).join(', ')}`).toBe(true);
    expect(await waitUntil(() => !processRunning(watchdog!), 2000, 20), 'the watchdog exits when its work is done').toBe(true);
    const log = readFileSync(join(dir.path, 'run', 'watchdog.log'), 'utf8');
    expect(log).toContain(`SIGTERM to process groups ${polite.apiServer}, ${stubborn.apiServer}`);
    expect(log).toContain(`SIGKILL to process groups ${stubborn.apiServer}`);
  });

  it('replaces a watchdog that was killed while it runs', async () => {
    host = await startHost(dir.path, env);
    const client = await HostClient.connect(host.url);
    const pids = await launchOne(client, join(dir.path, 'pids.json'));
    client.close();
    const [first] = watchdogsOf(host.process.pid!);
    process.kill(first!, 'SIGKILL');
    expect(await waitUntil(() => watchdogsOf(host!.process.pid!).some((pid) => pid !== first), 5000, 20), 'a new watchdog').toBe(true);
    host.process.kill('SIGKILL');
    expect(await waitUntil(() => [pids.apiServer, ...pids.engine].every((pid) => !processRunning(pid)), 5000, 20)).toBe(true);
  });

  it('quits cleanly with no watchdog left behind', async () => {
    host = await startHost(dir.path, env);
    const client = await HostClient.connect(host.url);
    await launchOne(client, join(dir.path, 'pids.json'));
    client.close();
    const [watchdog] = watchdogsOf(host.process.pid!);
    expect(await host.stop()).toBe(0);
    expect(await waitUntil(() => !processRunning(watchdog!), 2000, 20)).toBe(true);
  });

  it('finds the servers of a host that was SIGKILLed with its watchdog, at its next start, and stops them on request', async () => {
    host = await startHost(dir.path, env);
    let client = await HostClient.connect(host.url);
    const pids = await launchOne(client, join(dir.path, 'pids.json'));
    client.close();
    // Both gone at once (the OOM killer, a power cut of the session): only the pid registry is left to help. The
    // watchdog is frozen first so that it can neither be replaced by the host nor act on the host's death.
    const watchdogs = watchdogsOf(host.process.pid!);
    expect(watchdogs).toHaveLength(1);
    process.kill(watchdogs[0]!, 'SIGSTOP');
    host.process.kill('SIGKILL');
    process.kill(watchdogs[0]!, 'SIGKILL');
    await waitUntil(() => host!.process.exitCode !== null || host!.process.signalCode !== null, 5000, 20);
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processRunning(pid), `pid ${pid}`).toBe(true);

    host = await startHost(dir.path, env);
    client = await HostClient.connect(host.url);
    const orphans = await client.call<OrphanServer[]>('engines.orphans');
    expect(orphans).toHaveLength(1);
    expect(orphans[0]).toMatchObject({ pgid: pids.apiServer, profileName: 'Qwen3-4B-Instruct-2507' });
    const notices = await client.call<{ message: string }[]>('app.notices');
    expect(notices.some((n) => /left running by an earlier session/.test(n.message))).toBe(true);

    // A pgid the registry does not list is refused: we never kill what we did not start.
    const refused = await client.call<{ stopped: number[]; failed: unknown[] }>('engines.stopOrphans', { pgids: [process.pid] });
    expect(refused.stopped).toEqual([]);
    expect(processRunning(process.pid)).toBe(true);

    const result = await client.call<{ stopped: number[] }>('engines.stopOrphans', { pgids: [pids.apiServer] });
    expect(result.stopped).toEqual([pids.apiServer]);
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processRunning(pid), `pid ${pid}`).toBe(false);
    expect(await client.call<OrphanServer[]>('engines.orphans')).toEqual([]);
    client.close();
  });
});
