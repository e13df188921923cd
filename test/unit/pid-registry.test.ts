import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PidRegistry, type RegisteredServer } from '../../electron/services/engines/process/pid-registry';
import { readProcStat, waitUntil, groupExists } from '../../electron/services/engines/process/process-group';
import { makeTempDir } from '../support/temp-dir';

describe('the pid registry', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  const children: number[] = [];
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    for (const pid of children.splice(0)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await dir.remove();
  });

  const entry = (pgid: number, appPid: number, appStartTime: string | null): RegisteredServer => ({
    profileId: 'p', profileName: 'P', pgid, port: 8000, startedAt: 0, argv: ['vllm'], leaderStartTime: null, appPid, appStartTime,
  });

  it('reports live groups of a gone app as orphans, leaves a live app alone, and prunes dead groups', async () => {
    const sleeper = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    children.push(sleeper.pid!);
    const registry = new PidRegistry(join(dir.path, 'run', 'servers.json'));
    const self = { pid: process.pid, startTime: (await readProcStat(process.pid))?.startTime ?? null };
    registry.add(entry(sleeper.pid!, 999_999_9, 'gone')); // its app is gone
    registry.add({ ...entry(sleeper.pid!, process.pid, self.startTime), pgid: 1 }); // ours: never an orphan
    registry.add(entry(999_999_8, 999_999_9, 'gone')); // group gone: pruned
    const orphans = await registry.findOrphans({ pid: 123, startTime: 'other' });
    expect(orphans.map((o) => o.pgid)).toEqual([sleeper.pid]);
    expect(registry.list().map((e) => e.pgid).sort()).toEqual([1, sleeper.pid].sort());
    expect(await registry.findOrphans(self)).toEqual([sleeper.pid].map((pgid) => expect.objectContaining({ pgid })));

    process.kill(-sleeper.pid!, 'SIGTERM');
    await waitUntil(() => !groupExists(sleeper.pid!), 2000, 10);
    expect(await registry.findOrphans(self)).toEqual([]);
  });

  it('prunes an entry whose leader pid now belongs to another process, and offers one whose leader is the one it recorded', async () => {
    const sleeper = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    children.push(sleeper.pid!);
    const registry = new PidRegistry(join(dir.path, 'run', 'servers.json'));
    const realStart = (await readProcStat(sleeper.pid!))!.startTime;
    registry.add({ ...entry(sleeper.pid!, 999_999_9, 'gone'), leaderStartTime: String(Number(realStart) - 100) }); // the number was reused
    expect(await registry.findOrphans({ pid: 123, startTime: 'other' })).toEqual([]);
    expect(registry.list()).toEqual([]);

    registry.add({ ...entry(sleeper.pid!, 999_999_9, 'gone'), leaderStartTime: realStart });
    expect((await registry.findOrphans({ pid: 123, startTime: 'other' })).map((o) => o.pgid)).toEqual([sleeper.pid]);
  });
});
