import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';

// The server is spawned as the leader of its own process group (detached), so its EngineCore and workers —
// which keep GPU memory and survive a killed parent (vllm #55510) — can be signalled and accounted for as one.

/** Sends a signal to every process of the group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Whether any process of the group is alive (kill(-pgid, 0)); EPERM means it exists but is not ours. */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process still runs: it exists and is not a zombie. A zombie has ended and holds no memory; it only
 * waits for its parent to collect its exit status, and an orphan's new parent (init, or a container's pid 1) may
 * take seconds to do that. Without /proc, existing is all that can be told.
 */
export function processRunning(pid: number): boolean {
  if (!processExists(pid)) return false;
  try {
    return procStateOf(readFileSync(`/proc/${pid}/stat`, 'utf8')) !== 'Z';
  } catch {
    return processExists(pid); // gone meanwhile, or no /proc here
  }
}

/** The process's start time (clock ticks since boot, Linux /proc), read at once; null elsewhere or when gone. */
export function leaderStartTimeSync(pid: number): string | null {
  try {
    return fieldsAfterName(readFileSync(`/proc/${pid}/stat`, 'utf8'))[19] ?? null;
  } catch {
    return null;
  }
}

export interface ProcStat {
  pid: number;
  /** R, S, D, T, Z (zombie: ended, not yet reaped by its parent), ... */
  state: string;
  ppid: number;
  pgid: number;
  /** Clock ticks since boot: with the pid, identifies a process across pid reuse. */
  startTime: string;
}

/** Linux /proc/<pid>/stat; null elsewhere or when the process is gone. */
export async function readProcStat(pid: number): Promise<ProcStat | null> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = fieldsAfterName(text);
  return { pid, state: fields[0] ?? '', ppid: Number(fields[1]), pgid: Number(fields[2]), startTime: fields[19] ?? '' };
}

/** The command name (field 2) is in parentheses and may itself contain spaces or ')': split after the last ')'. */
function fieldsAfterName(statText: string): string[] {
  return statText.slice(statText.lastIndexOf(')') + 2).split(' ');
}

function procStateOf(statText: string): string {
  return fieldsAfterName(statText)[0] ?? '';
}

/** Every process in the group that still runs (Linux /proc; zombies left out); empty when /proc is unavailable. */
export async function listGroupMembers(pgid: number): Promise<ProcStat[]> {
  return (await scanGroup(pgid)) ?? [];
}

/** The group's running members, or null when /proc cannot be read (then nothing can be said about zombies). */
async function scanGroup(pgid: number): Promise<ProcStat[] | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  const stats = await Promise.all(entries.filter((name) => /^\d+$/.test(name)).map((name) => readProcStat(Number(name))));
  return stats.filter((stat): stat is ProcStat => stat !== null && stat.pgid === pgid && stat.state !== 'Z');
}

/** A group counts as ended when no member runs: kill(-pgid, 0) fails, or every member left is a zombie. */
async function groupEnded(pgid: number): Promise<boolean> {
  if (!groupExists(pgid)) return true;
  const running = await scanGroup(pgid);
  return running !== null && running.length === 0;
}

export interface StopGroupResult {
  /** SIGKILL was needed: something ignored SIGTERM for the whole grace period. */
  forced: boolean;
  /** Pids still present after SIGKILL and the final wait (e.g. stuck in the GPU driver). */
  survivors: number[];
}

/**
 * SIGTERM the group, wait up to graceMs for it to empty, SIGKILL the group, then confirm it is empty.
 * Polls at a short interval so a server that shuts down promptly is reported stopped promptly.
 */
export async function stopProcessGroup(pgid: number, options: { graceMs: number; killWaitMs?: number; pollMs?: number }): Promise<StopGroupResult> {
  const pollMs = options.pollMs ?? 10;
  if (!signalGroup(pgid, 'SIGTERM')) return { forced: false, survivors: [] };
  if (await waitForGroupEnd(pgid, options.graceMs, pollMs)) return { forced: false, survivors: [] };
  signalGroup(pgid, 'SIGKILL');
  if (await waitForGroupEnd(pgid, options.killWaitMs ?? 5000, pollMs)) return { forced: true, survivors: [] };
  return { forced: true, survivors: (await listGroupMembers(pgid)).map((member) => member.pid) };
}

/** A group that kill() still finds after this long is scanned for zombies; then less and less often. */
const FIRST_ZOMBIE_SCAN_MS = 100;
const MAX_ZOMBIE_SCAN_MS = 1000;

/**
 * Polls kill(-pgid, 0), which is cheap; a group that exits normally is reaped by its parent and ends there.
 * Orphans (an EngineCore whose API server was killed) are reaped by init, late: from FIRST_ZOMBIE_SCAN_MS on, the
 * group's members are read from /proc (a scan reads every process's stat, so the gap doubles up to a second),
 * and a group of zombies counts as ended.
 */
export async function waitForGroupEnd(pgid: number, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let scanGap = FIRST_ZOMBIE_SCAN_MS;
  let nextScan = Date.now() + scanGap;
  for (;;) {
    if (!groupExists(pgid)) return true;
    if (Date.now() >= nextScan) {
      if (await groupEnded(pgid)) return true;
      scanGap = Math.min(scanGap * 2, MAX_ZOMBIE_SCAN_MS);
      nextScan = Date.now() + scanGap;
    }
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
