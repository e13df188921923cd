import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import type { ChildProcess } from 'node:child_process';
import { idleStatus, isActiveState, type EngineStatus, type ExitInfo, type LogLine } from '../../shared/engine';
import { ServiceError } from '../../shared/errors';
import type { VllmProfile } from '../../shared/profiles';
import { diagnose } from './diagnosis/diagnose';
import { hasCachedWeights } from '../models/hf-cache';
import type { Engine, EngineConnection } from './engine';
import { EngineStatusHolder } from './engine-state';
import { buildLaunchCommand, servedNameOf } from './launch-command';
import { ServerOutput } from './server-output';
import { choosePort } from './process/free-port';
import type { PidRegistry } from './process/pid-registry';
import type { ServerWatchdog } from './process/watchdog';
import { readProcStat, stopProcessGroup, type StopGroupResult } from './process/process-group';
import { waitForReady } from './readiness';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy';
import type { ServerLog } from './server-log';
import { vllmServerFacts } from './server-facts';
import type { ServerFacts } from '../../shared/sessions';

export interface EngineTimings {
  /** Give up on readiness after this long (first downloads can take many minutes). */
  readyDeadlineMs: number;
  /** SIGTERM to SIGKILL. */
  stopGraceMs: number;
  restartPolicy?: RestartPolicyOptions;
}

export interface VllmEngineDeps {
  profileId: string;
  /** The profile as stored now (edits apply at the next launch). */
  getProfile(): VllmProfile | null;
  env: NodeJS.ProcessEnv;
  log: ServerLog;
  logFilePath(): string;
  registry: PidRegistry;
  /** Stops the group if the app dies without stopping it; the registry covers a killed watchdog. */
  watchdog: Pick<ServerWatchdog, 'watch' | 'unwatch'>;
  app: { pid: number; startTime: string | null };
  emitStatus(status: EngineStatus): void;
  emitLogs(lines: LogLine[]): void;
  /** Resolves when this server may start spawning (another on the same GPU is still starting). */
  gpuGate(signal: AbortSignal, onWait: (detail: string) => void): Promise<void>;
  onNotice(level: 'warning' | 'error', message: string): void;
  timings: EngineTimings;
}

interface Running {
  child: ChildProcess;
  pgid: number;
  apiKey: string;
  servedName: string;
  port: number;
  exited: Promise<ExitInfo>;
  output: ServerOutput;
  /** Its process has exited: it answers nothing any more, even while its crash is still being diagnosed. */
  ended: boolean;
  /** Set once what is left of its process group is being stopped (after it exited on its own). */
  reaped: Promise<void> | null;
  /** Set when the deadline passed and we are killing it: its exit is then a timeout, not a crash of its own. */
  timedOut: boolean;
  /** Gathered before it is declared ready; the vLLM version is read from the status (it may come later). */
  facts: ServerFacts | null;
}

/** One launched vLLM server: spawn as a process group, watch the log, race readiness, stop, diagnose, restart. */
export class VllmEngine implements Engine {
  private readonly holder: EngineStatusHolder;
  private readonly policy: RestartPolicy;
  private running: Running | null = null;
  private abort: AbortController | null = null;
  private stopInFlight: Promise<EngineStatus> | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private cleanup: Promise<void> = Promise.resolve();

  constructor(private readonly deps: VllmEngineDeps) {
    this.holder = new EngineStatusHolder(idleStatus(deps.profileId), deps.emitStatus);
    this.policy = new RestartPolicy(deps.timings.restartPolicy);
  }

  get status(): EngineStatus {
    return this.holder.status;
  }

  get log(): ServerLog {
    return this.deps.log;
  }

  connection(): EngineConnection | null {
    const running = this.running;
    if (this.holder.state !== 'ready' || !running || running.ended) return null;
    const facts = running.facts ?? { engine: 'vllm', source: this.deps.getProfile()?.source ?? '', revision: null, vllmVersion: null, argv: null, gpuName: null };
    return { baseUrl: `http://127.0.0.1:${running.port}/v1`, apiKey: running.apiKey, servedName: running.servedName, facts: { ...facts, vllmVersion: this.status.vllmVersion } };
  }

  async launch(): Promise<EngineStatus> {
    this.policy.reset();
    return this.start();
  }

  async stop(): Promise<EngineStatus> {
    this.cancelRestart();
    const state = this.holder.state;
    if (state === 'stopped') return this.status;
    if (state === 'crashed' || state === 'failed') {
      this.holder.transition('stopped', { nextRestartAt: null });
      return this.status;
    }
    if (this.stopInFlight) return this.stopInFlight;
    this.stopInFlight = this.stopRunning().finally(() => (this.stopInFlight = null));
    return this.stopInFlight;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.cleanup;
    await this.deps.log.closeFile();
  }

  private async start(): Promise<EngineStatus> {
    const state = this.holder.state;
    if (isActiveState(state)) {
      throw new ServiceError('conflict', `This server is already ${state}. Stop it first, or use Restart.`);
    }
    const profile = this.deps.getProfile();
    if (!profile) throw new ServiceError('not-found', `No vLLM profile with id ${this.deps.profileId}.`);
    this.cancelRestart();
    const abort = (this.abort = new AbortController());
    this.holder.transition('starting', {
      startedAt: Date.now(), readyAt: null, stage: 'spawning', progress: 0, stageDetail: 'Starting vLLM',
      diagnosis: null, pid: null, port: null, baseUrl: null, nextRestartAt: null, vllmVersion: null, maxModelLen: null,
    });
    void this.run(profile, abort.signal).catch((error: unknown) => this.crashFromError(error));
    return this.status;
  }

  private async run(profile: VllmProfile, signal: AbortSignal): Promise<void> {
    await this.cleanup; // leftovers of a previous crash must be gone before a new server loads
    await this.deps.gpuGate(signal, (detail) => this.holder.patch({ stage: 'waiting-for-gpu', stageDetail: detail }));
    if (signal.aborted) return;
    const { port, preferredBusy } = await choosePort(profile.preferredPort);
    if (signal.aborted) return;
    if (preferredBusy) this.note(`Port ${profile.preferredPort} is in use by a process Pairwise did not start; using port ${port} instead.`);

    const apiKey = randomBytes(24).toString('hex');
    const command = buildLaunchCommand(profile, port, apiKey, this.deps.env);
    this.deps.log.openFile(this.deps.logFilePath());
    this.note(`$ ${[command.file, ...command.args].join(' ')}`);
    const expectDownload = !(await hasCachedWeights(profile.source, { env: this.deps.env }));
    if (signal.aborted) return;
    const output = new ServerOutput(
      this.deps.log,
      {
        onLines: (lines) => this.deps.emitLogs(lines),
        onProgress: (progress) => this.holder.state === 'starting' && this.holder.patch(progress),
      },
      expectDownload,
    );

    const child = execa(command.file, command.args, {
      env: command.env, extendEnv: false, detached: true, cleanup: false, buffer: false, reject: false,
      stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', windowsHide: true,
    });
    const exited = exitOf(child); // execa's own promise never rejects here (reject: false)
    if (child.pid === undefined) {
      const exit = await exited;
      output.noteSpawnFailure(command.file, exit.spawnError);
      return this.crash({ code: exit.code, signal: exit.signal, at: exit.at }, port, false);
    }
    const running: Running = { child, pgid: child.pid, apiKey, servedName: servedNameOf(profile), port, exited, output, ended: false, reaped: null, timedOut: false, facts: null };
    this.running = running;
    this.deps.watchdog.watch(running.pgid);
    output.attach(child.stdout!, child.stderr!);
    this.deps.registry.add({
      profileId: profile.id, profileName: profile.name, pgid: running.pgid, port, startedAt: Date.now(),
      argv: [command.file, ...command.args], leaderStartTime: (await readProcStat(running.pgid))?.startTime ?? null,
      appPid: this.deps.app.pid, appStartTime: this.deps.app.startTime,
    });
    this.holder.patch({ pid: running.pgid, port, baseUrl: `http://127.0.0.1:${port}/v1` });
    void exited
      .then(async (exit) => {
        running.ended = true;
        if (!this.endedOnItsOwn(running)) return;
        await this.readOutputToTheEnd(running);
        if (this.endedOnItsOwn(running)) await this.crash(exit, port, false);
      })
      .catch((error: unknown) => this.crashFromError(error));

    // Read while the server loads (nvidia-smi can take a moment), so readiness is not delayed by it.
    const facts = vllmServerFacts(profile, [command.file, ...command.args], this.deps.env);
    const outcome = await waitForReady({
      origin: `http://127.0.0.1:${port}`, servedName: running.servedName, apiKey, exited, signal,
      deadline: Date.now() + this.deps.timings.readyDeadlineMs,
      pollIntervalMs: () => (output.serverListening ? 25 : 250),
      wake: output.listeningSignal,
    });
    if (outcome.kind === 'ready') running.facts = await facts;
    if (outcome.kind === 'ready' && this.running === running && this.holder.state === 'starting') {
      this.holder.transition('ready', {
        readyAt: Date.now(), stage: 'ready', progress: 1, stageDetail: 'Ready',
        maxModelLen: outcome.maxModelLen || output.facts.maxModelLen || null, vllmVersion: output.facts.vllmVersion ?? null,
      });
      void this.fetchVersion(running);
    } else if (outcome.kind === 'timeout' && this.running === running) {
      running.timedOut = true;
      this.note(`Not ready after ${Math.round(this.deps.timings.readyDeadlineMs / 1000)} s: stopping it.`);
      await stopProcessGroup(running.pgid, { graceMs: this.deps.timings.stopGraceMs });
      const exit = await exited;
      await this.readOutputToTheEnd(running); // its last lines say where it was stuck
      await this.crash(exit, port, true);
    }
  }

  /** The server exited on its own (or timed out): diagnose, clean its group, and maybe schedule a restart. */
  private async crash(exit: ExitInfo, port: number | null, timedOut: boolean): Promise<void> {
    const running = this.running;
    this.running = null;
    const profile = this.deps.getProfile();
    const diagnosis = diagnose({
      lines: this.deps.log.recentText(400),
      exit,
      requested: { gpuMemoryUtilization: profile?.gpuMemoryUtilization ?? 0, maxModelLen: profile?.maxModelLen ?? null, source: profile?.source ?? '', port },
      timedOut,
    });
    if (running) this.reap(running);
    if (this.holder.state !== 'starting' && this.holder.state !== 'ready') return;
    const decision = this.policy.recordCrash(exit.at, diagnosis.reason, profile?.autoRestart ?? false);
    if (decision.kind === 'give-up') {
      this.holder.transition('crashed', { lastExit: exit, diagnosis, pid: null, restarts: decision.crashes, stage: null, progress: null });
      this.holder.transition('failed', { nextRestartAt: null });
      return;
    }
    const nextRestartAt = decision.kind === 'restart' ? Date.now() + decision.delayMs : null;
    this.holder.transition('crashed', { lastExit: exit, diagnosis, pid: null, restarts: decision.crashes, nextRestartAt, stage: null, progress: null });
    if (decision.kind === 'restart') {
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        void this.start().catch((error: unknown) => this.crashFromError(error));
      }, decision.delayMs);
    }
  }

  /** The server exited, and neither a stop nor the readiness deadline ended it: a crash to diagnose. */
  private endedOnItsOwn(running: Running): boolean {
    return this.running === running && !running.timedOut && this.holder.state !== 'stopping';
  }

  /** Its EngineCore and workers may outlive it and keep GPU memory: stop the group once. */
  private reap(running: Running): Promise<void> {
    if (!running.reaped) {
      running.reaped = stopProcessGroup(running.pgid, { graceMs: REAP_GRACE_MS }).then((result) => this.settleGroup(running.pgid, result));
      this.cleanup = running.reaped.catch((error: unknown) => this.note(`Could not stop what was left of the server: ${error instanceof Error ? error.message : String(error)}`));
    }
    return running.reaped;
  }

  /**
   * 'exit' can come before the last lines are read from the pipes, and those lines name the cause of the crash.
   * Wait until both pipes close. Every writer in the server's group is stopped meanwhile; once the group is empty
   * only a process outside it could hold a pipe open, and then the wait ends OUTPUT_AFTER_GROUP_MS later.
   */
  private async readOutputToTheEnd(running: Running): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    const pipesClosed = running.output.closed().then(() => ((closed = true), 'closed' as const));
    const groupGone = this.reap(running).then(() =>
      closed ? ('closed' as const) : new Promise<'gave-up'>((resolve) => (timer = setTimeout(() => resolve('gave-up'), OUTPUT_AFTER_GROUP_MS))),
    );
    const outcome = await Promise.race([pipesClosed, groupGone]);
    clearTimeout(timer);
    if (outcome === 'gave-up') {
      // Whatever the stranger writes later is not this server's, and must not feed the next run's diagnosis.
      running.child.stdout?.destroy();
      running.child.stderr?.destroy();
    }
  }

  /**
   * After a stop or a reap. A group confirmed gone is forgotten by the registry and the watchdog; processes that
   * survived SIGKILL (stuck in the GPU driver) stay known to both, and the person is told.
   */
  private settleGroup(pgid: number, result: StopGroupResult): void {
    if (result.survivors.length === 0) {
      this.deps.registry.remove(pgid);
      this.deps.watchdog.unwatch(pgid);
      return;
    }
    this.deps.onNotice('error', `Processes ${result.survivors.join(', ')} of ${this.deps.getProfile()?.name ?? 'a server'} did not exit even after SIGKILL (stuck in the GPU driver?). Check nvidia-smi and reboot if their GPU memory stays in use.`);
  }

  private async stopRunning(): Promise<EngineStatus> {
    this.abort?.abort();
    this.holder.transition('stopping', { nextRestartAt: null, stageDetail: 'Stopping' });
    const running = this.running;
    if (running) {
      this.note('Stopping: SIGTERM to the process group.');
      const result = await stopProcessGroup(running.pgid, { graceMs: this.deps.timings.stopGraceMs });
      if (result.forced) this.note(`Still running after ${this.deps.timings.stopGraceMs / 1000} s: sent SIGKILL to the group.`);
      this.settleGroup(running.pgid, result);
      const exit = await Promise.race([running.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000))]);
      this.running = null;
      this.holder.transition('stopped', { pid: null, stage: null, progress: null, stageDetail: null, lastExit: exit ? { code: exit.code, signal: exit.signal, at: exit.at } : null });
    } else {
      this.holder.transition('stopped', { stage: null, progress: null, stageDetail: null });
    }
    return this.status;
  }

  private async fetchVersion(running: Running): Promise<void> {
    try {
      const response = await fetch(`http://127.0.0.1:${running.port}/version`, { signal: AbortSignal.timeout(2000) });
      const body = (await response.json()) as { version?: string };
      if (body.version && this.running === running) this.holder.patch({ vllmVersion: body.version });
    } catch {
      // Older servers lack /version; the banner line already gave it when it could.
    }
  }

  private crashFromError(error: unknown): void {
    this.note(`Pairwise failed while supervising this server: ${error instanceof Error ? error.message : String(error)}`);
    if (this.holder.state === 'starting' || this.holder.state === 'ready') void this.crash({ code: null, signal: null, at: Date.now() }, null, false);
  }

  private cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  private note(text: string): void {
    this.deps.emitLogs([this.deps.log.append('app', text)]);
  }
}

/** SIGTERM to SIGKILL for what is left of a server that exited on its own (its EngineCore, its workers). */
const REAP_GRACE_MS = 2000;
/** Pipes still open after the group is confirmed empty are held by a stranger: stop waiting for them then. */
const OUTPUT_AFTER_GROUP_MS = 2000;

type ChildExit = ExitInfo & { spawnError?: NodeJS.ErrnoException };

/** The moment the process exits ('exit', not 'close': an orphaned EngineCore can hold the pipes open). */
function exitOf(child: ChildProcess): Promise<ChildExit> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, at: Date.now(), spawnError: error });
    });
  });
}
