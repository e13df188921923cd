import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { groupExists, processExists, readProcStat } from './process-group';

export interface RegisteredServer {
  profileId: string;
  profileName: string;
  /** The API server's pid, which is also its process group id. */
  pgid: number;
  port: number;
  startedAt: number;
  argv: string[];
  /** Identity of the leader across pid reuse (Linux /proc start time); null where unknown. */
  leaderStartTime: string | null;
  /** The app process that started it: an entry whose app is gone is an orphan. */
  appPid: number;
  appStartTime: string | null;
}

interface RegistryFile {
  version: 1;
  servers: RegisteredServer[];
}

/**
 * A file listing the servers this app has running, written before it could be needed: if the app dies
 * without stopping them (SIGKILL, crash, power to the UI lost), the next start reads it and finds the groups
 * still holding GPU memory. Only groups we recorded are ever offered for stopping.
 */
export class PidRegistry {
  constructor(private readonly file: string) {}

  list(): RegisteredServer[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as RegistryFile;
      return Array.isArray(parsed.servers) ? parsed.servers : [];
    } catch {
      return [];
    }
  }

  add(entry: RegisteredServer): void {
    this.write([...this.list().filter((e) => e.pgid !== entry.pgid), entry]);
  }

  remove(pgid: number): void {
    const servers = this.list();
    if (servers.some((e) => e.pgid === pgid)) this.write(servers.filter((e) => e.pgid !== pgid));
  }

  /**
   * Entries whose starting app is gone but whose process group still lives. Entries of a Pairwise that is
   * still running (the desktop app and a headless host can share a data folder) are left alone; entries
   * whose group is gone are pruned.
   */
  async findOrphans(self: { pid: number; startTime: string | null }): Promise<RegisteredServer[]> {
    const orphans: RegisteredServer[] = [];
    const keep: RegisteredServer[] = [];
    const listed = this.list();
    for (const entry of listed) {
      const isOurs = entry.appPid === self.pid && entry.appStartTime === self.startTime;
      if (isOurs) {
        keep.push(entry);
        continue;
      }
      if (!groupExists(entry.pgid)) continue; // gone: prune
      if (await leaderReused(entry)) continue; // that number is someone else's group now: prune, never offer it
      keep.push(entry);
      if (!(await appStillRunning(entry))) orphans.push(entry);
    }
    if (keep.length < listed.length) this.write(keep); // only when an entry was pruned: a start writes nothing else
    return orphans;
  }

  private write(servers: RegisteredServer[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: 1, servers } satisfies RegistryFile, null, 2));
    renameSync(temp, this.file); // atomic: a crash mid-write leaves the old list, never half a file
  }
}

/**
 * Its leader's pid runs again, with another start time: the group ended and the number went to a new process.
 * (A leader that is gone while its group lives is the orphaned EngineCore case: still ours.)
 */
async function leaderReused(entry: RegisteredServer): Promise<boolean> {
  if (entry.leaderStartTime === null) return false;
  const leader = await readProcStat(entry.pgid);
  return leader !== null && leader.startTime !== entry.leaderStartTime;
}

async function appStillRunning(entry: RegisteredServer): Promise<boolean> {
  if (!processExists(entry.appPid)) return false;
  if (entry.appStartTime === null) return true; // cannot tell pid reuse apart: assume alive, touch nothing
  const stat = await readProcStat(entry.appPid);
  return stat !== null && stat.startTime === entry.appStartTime;
}
