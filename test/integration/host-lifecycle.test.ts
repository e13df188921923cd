import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processExists, waitUntil } from '../../electron/services/engines/process/process-group';
import type { EngineStatus } from '../../electron/shared/engine';
import type { ModelProfile } from '../../electron/shared/profiles';
import type { OrphanServer } from '../../electron/shared/system';
import { startHost, type RunningHost } from '../e2e/support/host-process';
import { emulatorEnv } from '../support/emulator';
import { emulatedDraft } from '../support/engine-harness';
import { HostClient } from '../support/host-client';
import { makeTempDir } from '../support/temp-dir';

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

  async function launchOne(client: HostClient, pidFile: string): Promise<{ apiServer: number; engine: number[] }> {
    const profile = await client.call<ModelProfile>('profiles.create', { draft: emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_PID_FILE: pidFile }) });
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
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processExists(pid), `pid ${pid}`).toBe(false);
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
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processExists(pid), `pid ${pid}`).toBe(false);
  });

  it('finds the servers of a host that was SIGKILLed, at its next start, and stops them on request', async () => {
    host = await startHost(dir.path, env);
    let client = await HostClient.connect(host.url);
    const pids = await launchOne(client, join(dir.path, 'pids.json'));
    client.close();
    host.process.kill('SIGKILL');
    await waitUntil(() => host!.process.exitCode !== null || host!.process.signalCode !== null, 5000, 20);
    // The app is gone; its server and EngineCore are not (that is the problem this solves).
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processExists(pid), `pid ${pid}`).toBe(true);

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
    expect(processExists(process.pid)).toBe(true);

    const result = await client.call<{ stopped: number[] }>('engines.stopOrphans', { pgids: [pids.apiServer] });
    expect(result.stopped).toEqual([pids.apiServer]);
    for (const pid of [pids.apiServer, ...pids.engine]) expect(processExists(pid), `pid ${pid}`).toBe(false);
    expect(await client.call<OrphanServer[]>('engines.orphans')).toEqual([]);
    client.close();
  });
});
