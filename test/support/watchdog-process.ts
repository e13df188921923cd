import { readdirSync, readFileSync } from 'node:fs';

/** The pairwise-watchdog processes an app process started (read from /proc: ppid and command line). */
export function watchdogsOf(appPid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === appPid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('pairwise-watchdog')) found.push(Number(name));
    } catch {
      // gone while we looked
    }
  }
  return found;
}
