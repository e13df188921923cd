import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processRunning, signalGroup, waitUntil } from '../../electron/services/engines/process/process-group';
import { ServerWatchdog } from '../../electron/services/engines/process/watchdog';
import { makeTempDir } from '../support/temp-dir';
import { watchdogsOf } from '../support/watchdog-process';

// The watchdog as a real process, driven by the real ServerWatchdog. Closing its pipe is exactly what the
// kernel does when the app dies, so close() stands in for the app's death here; the SIGKILLed host itself is
// in host-lifecycle.test.ts.
describe('the server watchdog', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  const groups: ChildProcess[] = [];

  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    for (const group of groups.splice(0)) signalGroup(group.pid!, 'SIGKILL');
    await dir.remove();
  });

  /** A process group like a server's: a leader and a child, both ignoring SIGTERM when asked to. */
  function serverLikeGroup(ignoreSigterm: boolean): { pgid: number; pids: () => number[] } {
    const trap = ignoreSigterm ? "trap '' TERM; " : '';
    const leader = spawn('sh', ['-c', `${trap}sleep 60 & echo $!; wait`], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    groups.push(leader);
    let childPid = 0;
    leader.stdout!.once('data', (chunk: Buffer) => (childPid = Number(chunk.toString().trim())));
    return { pgid: leader.pid!, pids: () => [leader.pid!, childPid].filter((pid) => pid > 0) };
  }

  it('stops every watched group when its pipe closes, SIGKILLing one that ignores SIGTERM', async () => {
    const logFile = join(dir.path, 'run', 'watchdog.log');
    const watchdog = new ServerWatchdog({ logFile, graceMs: 500 });
    const polite = serverLikeGroup(false);
    const stubborn = serverLikeGroup(true);
    await waitUntil(() => polite.pids().length === 2 && stubborn.pids().length === 2, 5000, 10);
    watchdog.watch(polite.pgid);
    watchdog.watch(stubborn.pgid);
    const pid = watchdog.pid!;
    expect(watchdogsOf(process.pid)).toContain(pid);

    watchdog.close();
    const every = [...polite.pids(), ...stubborn.pids()];
    expect(await waitUntil(() => every.every((p) => !processRunning(p)), 3000, 10), `running: ${every.filter(processRunning)}`).toBe(true);
    expect(await waitUntil(() => !processRunning(pid), 2000, 10)).toBe(true);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain(`SIGTERM to process groups ${polite.pgid}, ${stubborn.pgid}`);
    expect(log).toContain(`SIGKILL to process groups ${stubborn.pgid}`);
    expect(log).not.toContain('survived');
  });

  it('leaves an unwatched group alone, and exits at once when nothing is watched', async () => {
    const watchdog = new ServerWatchdog({ logFile: join(dir.path, 'watchdog.log'), graceMs: 500 });
    const kept = serverLikeGroup(false);
    const stopped = serverLikeGroup(false);
    await waitUntil(() => kept.pids().length === 2 && stopped.pids().length === 2, 5000, 10);
    watchdog.watch(kept.pgid);
    watchdog.unwatch(kept.pgid);
    watchdog.watch(stopped.pgid);
    signalGroup(stopped.pgid, 'SIGKILL'); // stopped by the app itself meanwhile
    await waitUntil(() => !stopped.pids().some(processRunning), 3000, 10);
    watchdog.unwatch(stopped.pgid);
    const pid = watchdog.pid!;
    watchdog.close();
    expect(await waitUntil(() => !processRunning(pid), 2000, 10)).toBe(true);
    expect(kept.pids().every(processRunning)).toBe(true);
  });

  it('is replaced when it dies while the app runs, and the new one knows the watched groups', async () => {
    const watchdog = new ServerWatchdog({ logFile: null, graceMs: 500 });
    const group = serverLikeGroup(false);
    await waitUntil(() => group.pids().length === 2, 5000, 10);
    watchdog.watch(group.pgid);
    const first = watchdog.pid!;
    process.kill(first, 'SIGKILL');
    expect(await waitUntil(() => watchdog.pid !== null && watchdog.pid !== first, 5000, 10)).toBe(true);
    expect(processRunning(first)).toBe(false);
    watchdog.close();
    expect(await waitUntil(() => !group.pids().some(processRunning), 3000, 10)).toBe(true);
  });

  it('leaves the servers alone when it is sent SIGTERM while Pairwise still runs (a stray kill, a logout)', async () => {
    const watchdog = new ServerWatchdog({ logFile: join(dir.path, 'watchdog.log'), graceMs: 500 });
    const group = serverLikeGroup(false);
    await waitUntil(() => group.pids().length === 2, 5000, 10);
    watchdog.watch(group.pgid);
    expect(await watchdog.whenRunning()).toBe(true); // its SIGTERM handler is in place
    const first = watchdog.pid!;
    process.kill(first, 'SIGTERM');
    expect(await waitUntil(() => watchdog.pid !== null && watchdog.pid !== first, 5000, 10), 'replaced').toBe(true);
    expect(group.pids().every(processRunning)).toBe(true);
    watchdog.close();
    expect(await waitUntil(() => !group.pids().some(processRunning), 3000, 10)).toBe(true);
  });
});
