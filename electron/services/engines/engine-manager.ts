import { join } from 'node:path';
import type { EngineStatus, LogLine } from '../../shared/engine';
import { idleStatus, isActiveState } from '../../shared/engine';
import { ServiceError } from '../../shared/errors';
import type { MemoryPlan } from '../../shared/gpu';
import type { ModelProfile, VllmProfile } from '../../shared/profiles';
import type { OrphanServer } from '../../shared/system';
import type { EventBus } from '../events/event-bus';
import type { NoticeCenter } from '../events/notice-center';
import type { ProfileStore } from '../profiles/profile-store';
import type { Engine, EngineConnection } from './engine';
import { EndpointEngine } from './endpoint-engine';
import { GpuLaunchQueue } from './gpu-launch-queue';
import { checkMemory } from './memory-check';
import { PidRegistry } from './process/pid-registry';
import type { ServerWatchdog } from './process/watchdog';
import { listGroupMembers, readProcStat, stopProcessGroup } from './process/process-group';
import { ServerLog } from './server-log';
import { VllmEngine, type EngineTimings } from './vllm-engine';

const ENDPOINTS_ONLY = 'Endpoint profiles run elsewhere: there is no local GPU memory to plan.';

export interface EngineManagerDeps {
  profiles: ProfileStore;
  bus: EventBus;
  notices: NoticeCenter;
  /** App state (the pid registry lives here). */
  userDataDir: string;
  /** Where server logs go (the data folder setting, read at each launch). */
  dataFolder(): string;
  env: NodeJS.ProcessEnv;
  timings: EngineTimings;
  /** Outlives the app: stops the servers it launched if it dies without stopping them. */
  watchdog: Pick<ServerWatchdog, 'watch' | 'unwatch'>;
}

export const DEFAULT_TIMINGS: EngineTimings = { readyDeadlineMs: 20 * 60_000, stopGraceMs: 30_000 };

/** Every server the app knows, by profile id: launching (in GPU order), stopping, logs, orphans, quit. */
export class EngineManager {
  private readonly engines = new Map<string, Engine>();
  private readonly logs = new Map<string, ServerLog>();
  private readonly registry: PidRegistry;
  private readonly queue: GpuLaunchQueue;
  private appIdentity: { pid: number; startTime: string | null } = { pid: process.pid, startTime: null };
  private readonly ready: Promise<void>;
  private closing = false;

  constructor(private readonly deps: EngineManagerDeps) {
    this.registry = new PidRegistry(join(deps.userDataDir, 'run', 'servers.json'));
    this.queue = new GpuLaunchQueue(deps.bus);
    this.ready = readProcStat(process.pid).then((stat) => {
      this.appIdentity = { pid: process.pid, startTime: stat?.startTime ?? null };
    });
  }

  /** At start-up: servers an earlier, abruptly ended Pairwise left holding GPU memory. */
  async announceOrphans(): Promise<void> {
    const orphans = await this.orphans();
    if (orphans.length === 0) return;
    const list = orphans.map((o) => `${o.profileName} (port ${o.port}, process group ${o.pgid})`).join(', ');
    this.deps.notices.raise('warning', `Pairwise found ${orphans.length === 1 ? 'a server' : `${orphans.length} servers`} left running by an earlier session that ended abruptly: ${list}. ${orphans.length === 1 ? 'It holds' : 'They hold'} GPU memory; stop ${orphans.length === 1 ? 'it' : 'them'} from the Models view.`);
  }

  list(): EngineStatus[] {
    return this.deps.profiles.list().map((profile) => this.engines.get(profile.id)?.status ?? idleStatus(profile.id));
  }

  async launch(profileId: string, force = false): Promise<EngineStatus> {
    // Quitting: a server spawned now would start after the others were stopped, and outlive the app.
    if (this.closing) throw new ServiceError('conflict', 'Pairwise is quitting: no server can be launched now.');
    const profile = this.deps.profiles.require(profileId);
    if (profile.engine === 'vllm' && !force) await this.refuseIfMemoryShort(profile);
    return this.engineFor(profile).launch();
  }

  async stop(profileId: string): Promise<EngineStatus> {
    const engine = this.engines.get(profileId);
    if (!engine) return idleStatus(this.deps.profiles.require(profileId).id);
    return engine.stop();
  }

  async restart(profileId: string): Promise<EngineStatus> {
    await this.stop(profileId);
    return this.launch(profileId, true);
  }

  isActive(profileId: string): boolean {
    const state = this.engines.get(profileId)?.status.state;
    return state !== undefined && isActiveState(state);
  }

  logsOf(profileId: string): ServerLog {
    this.deps.profiles.require(profileId);
    return this.logFor(profileId);
  }

  connection(profileId: string): EngineConnection | null {
    return this.engines.get(profileId)?.connection() ?? null;
  }

  /** A line of Pairwise's own in a server's log (e.g. the warm-up request), shown live like the server's. */
  note(profileId: string, text: string): void {
    if (!this.deps.profiles.get(profileId)) return;
    const line = this.logFor(profileId).append('app', text);
    this.deps.bus.emit('engines.log', { profileId, lines: [line] });
  }

  async memoryPlan(profileIds: string[]): Promise<MemoryPlan> {
    const profiles = profileIds.map((id) => this.deps.profiles.require(id));
    const vllm = profiles.filter((p): p is VllmProfile => p.engine === 'vllm');
    if (vllm.length === 0) return { checked: false, verdict: 'unknown', verdictReason: ENDPOINTS_ONLY, gpus: [], servers: [], messages: [ENDPOINTS_ONLY], proposal: null, largerGpus: [] };
    return checkMemory({ profiles: vllm, ownPids: await this.ownPids(vllm), running: vllm.filter((p) => this.isActive(p.id)).map((p) => p.id), env: this.deps.env });
  }

  async orphans(): Promise<OrphanServer[]> {
    await this.ready;
    const found = await this.registry.findOrphans(this.appIdentity);
    return found.map(({ pgid, profileId, profileName, port, startedAt, argv }) => ({ pgid, profileId, profileName, port, startedAt, argv }));
  }

  /** Stops only groups the registry lists as orphans: never a process we did not start. */
  async stopOrphans(pgids: number[]): Promise<{ stopped: number[]; failed: { pgid: number; message: string }[] }> {
    const known = new Map((await this.orphans()).map((o) => [o.pgid, o]));
    const stopped: number[] = [];
    const failed: { pgid: number; message: string }[] = [];
    for (const pgid of pgids) {
      if (!known.has(pgid)) {
        failed.push({ pgid, message: `Process group ${pgid} is not a server Pairwise left running; it was not touched.` });
        continue;
      }
      const result = await stopProcessGroup(pgid, { graceMs: this.deps.timings.stopGraceMs });
      if (result.survivors.length > 0) failed.push({ pgid, message: `Processes ${result.survivors.join(', ')} survived SIGKILL.` });
      else {
        this.registry.remove(pgid);
        stopped.push(pgid);
      }
    }
    return { stopped, failed };
  }

  /** Forgets a deleted profile's engine (the caller has checked it is not running). */
  forget(profileId: string): void {
    const engine = this.engines.get(profileId);
    this.engines.delete(profileId);
    this.logs.delete(profileId);
    void engine?.dispose();
  }

  /** From the first moment of a quit (before comparisons are wound down): a launch is refused from now on. */
  refuseLaunches(): void {
    this.closing = true;
  }

  /** Quit: refuse new launches, stop everything we launched, in parallel, and wait for every group to be gone. */
  async dispose(): Promise<void> {
    this.refuseLaunches();
    // Every engine is waited for, even when one fails: the others are still stopping their servers.
    const results = await Promise.allSettled([...this.engines.values()].map((engine) => engine.dispose()));
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed.length > 0) throw new AggregateError(failed.map((result) => result.reason), `${failed.length} server(s) could not be stopped cleanly`);
  }

  private engineFor(profile: ModelProfile): Engine {
    const existing = this.engines.get(profile.id);
    if (existing && existingKindMatches(existing, profile)) return existing;
    if (existing) void existing.dispose();
    const emitStatus = (status: EngineStatus) => this.deps.bus.emit('engines.status', status);
    const emitLogs = (lines: LogLine[]) => this.deps.bus.emit('engines.log', { profileId: profile.id, lines });
    const log = this.logFor(profile.id);
    const engine: Engine =
      profile.engine === 'vllm'
        ? new VllmEngine({
            profileId: profile.id,
            getProfile: () => asVllm(this.deps.profiles.get(profile.id)),
            env: this.deps.env,
            log,
            logFilePath: () => join(this.deps.dataFolder(), 'logs', `${profile.id}.log`),
            registry: this.registry,
            watchdog: this.deps.watchdog,
            app: this.appIdentity,
            emitStatus,
            emitLogs,
            gpuGate: (signal, onWait) => this.queue.waitTurn(profile.id, (ticket) => this.loadingAhead(profile.id, ticket), signal, onWait),
            onNotice: (level, message) => this.deps.notices.raise(level, message),
            timings: this.deps.timings,
          })
        : new EndpointEngine({
            profileId: profile.id,
            getProfile: () => {
              const current = this.deps.profiles.get(profile.id);
              return current?.engine === 'endpoint' ? current : null;
            },
            log,
            emitStatus,
            emitLogs,
          });
    this.engines.set(profile.id, engine);
    return engine;
  }

  /** The name of a server on a shared GPU that was launched earlier and is still loading, if any. */
  private loadingAhead(profileId: string, ticket: number): string | null {
    const me = asVllm(this.deps.profiles.get(profileId));
    if (!me) return null;
    for (const [id, engine] of this.engines) {
      if (id === profileId || engine.status.state !== 'starting') continue;
      const other = asVllm(this.deps.profiles.get(id));
      const otherTicket = this.queue.ticketOf(id);
      if (other && otherTicket !== undefined && otherTicket < ticket && sharesGpu(me, other)) return other.name;
    }
    return null;
  }

  private logFor(profileId: string): ServerLog {
    let log = this.logs.get(profileId);
    if (!log) {
      log = new ServerLog({ onFileError: (error) => this.deps.notices.raise('warning', `Cannot write the server log file (${error.code ?? error.message}); logs are kept in memory only. Check the data folder in Settings.`) });
      this.logs.set(profileId, log);
    }
    return log;
  }

  private async refuseIfMemoryShort(profile: VllmProfile): Promise<void> {
    const others = [...this.engines.entries()]
      .filter(([id]) => id !== profile.id && this.isActive(id))
      .map(([id]) => asVllm(this.deps.profiles.get(id)))
      .filter((p): p is VllmProfile => p !== null && sharesGpu(p, profile));
    const plan = await checkMemory({ profiles: [...others, profile], ownPids: await this.ownPids(others), running: others.map((p) => p.id), env: this.deps.env });
    // Only a certain "does not fit" refuses; "can't tell" launches, and vLLM's own check has the last word.
    if (plan.checked && plan.verdict === 'does-not-fit') {
      const apply = plan.proposal ? ' Apply the memory plan\'s proposal' : ' Change the profile';
      throw new ServiceError('conflict', `${profile.name} would not fit in GPU memory: ${plan.messages.join(' ')}${apply}, or launch anyway.`);
    }
  }

  private async ownPids(profiles: VllmProfile[]): Promise<number[]> {
    const groups = profiles.map((p) => this.engines.get(p.id)?.status.pid).filter((pid): pid is number => typeof pid === 'number');
    const members = await Promise.all(groups.map((pgid) => listGroupMembers(pgid)));
    return [...groups, ...members.flat().map((m) => m.pid)];
  }
}

export function sharesGpu(a: Pick<VllmProfile, 'gpuIndices'>, b: Pick<VllmProfile, 'gpuIndices'>): boolean {
  // An empty list means "every GPU": it overlaps with anything.
  if (a.gpuIndices.length === 0 || b.gpuIndices.length === 0) return true;
  return a.gpuIndices.some((index) => b.gpuIndices.includes(index));
}

function asVllm(profile: ModelProfile | null): VllmProfile | null {
  return profile?.engine === 'vllm' ? profile : null;
}

function existingKindMatches(engine: Engine, profile: ModelProfile): boolean {
  return (engine instanceof VllmEngine) === (profile.engine === 'vllm');
}
