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

export interface ProcStat {
  pid: number;
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
  // The command name (field 2) is in parentheses and may itself contain spaces or ')': split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), startTime: fields[19] ?? '' };
}

/** Every live process in the group (Linux /proc); empty when /proc is unavailable. */
export async function listGroupMembers(pgid: number): Promise<ProcStat[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const stats = await Promise.all(entries.filter((name) => /^\d+$/.test(name)).map((name) => readProcStat(Number(name))));
  return stats.filter((stat): stat is ProcStat => stat !== null && stat.pgid === pgid);
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
  if (await waitUntil(() => !groupExists(pgid), options.graceMs, pollMs)) return { forced: false, survivors: [] };
  signalGroup(pgid, 'SIGKILL');
  if (await waitUntil(() => !groupExists(pgid), options.killWaitMs ?? 5000, pollMs)) return { forced: true, survivors: [] };
  return { forced: true, survivors: (await listGroupMembers(pgid)).map((member) => member.pid) };
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
