import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Socket } from 'node:net';
import { dirname } from 'node:path';
import { leaderStartTimeSync } from './process-group';
import WATCHDOG_SCRIPT from './watchdog-main.cjs?raw';

export interface WatchdogOptions {
  /** Appended to by the watchdog when it stops servers (the only trace of an app that was SIGKILLed). */
  logFile: string | null;
  /** SIGTERM to SIGKILL once the app is gone: short, so even a server that ignores SIGTERM is gone within 5 s. */
  graceMs?: number;
  /** Told when the watchdog cannot run: the pid registry still finds the servers at the next start. */
  onProblem?: (message: string) => void;
}

export const WATCHDOG_GRACE_MS = 2500;
/** The flag in its command line (`ps` shows it as pairwise-watchdog). */
export const WATCHDOG_FLAG = '--pairwise-watchdog';
/** A watchdog that cannot stay up is reported, not restarted for ever. */
const MAX_RESPAWNS = 3;
/** Its `ready` line proves it runs the script: an Electron whose RunAsNode fuse is off would start the app instead. */
const READY_WITHIN_MS = 10_000;

/**
 * A small process that outlives the app and stops the process groups of the servers it launched when the app
 * dies without stopping them (SIGKILL, a crash, the OOM killer): vLLM's EngineCore keeps its GPU memory when its
 * parent is killed (vllm #55510). It holds a pipe from the app; the pipe's end is the signal. Started with the
 * first server, in a session of its own so the terminal's signals do not reach it.
 */
export class ServerWatchdog {
  private child: ChildProcess | null = null;
  /** pgid -> the leader's start time ('-' when unknown), sent with every watch line. */
  private readonly watched = new Map<number, string>();
  private closed = false;
  private respawns = 0;
  private running: Promise<boolean> = Promise.resolve(false);

  constructor(private readonly options: WatchdogOptions) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Whether the current watchdog said `ready` (its handlers are in place); false when it died or never ran. */
  whenRunning(): Promise<boolean> {
    return this.running;
  }

  /** Right after the spawn: from now on an abrupt end of the app also ends this group. */
  watch(pgid: number): void {
    if (this.closed) return;
    // Read now, while the leader surely runs: it lets the watchdog tell the group from a later reuse of its pid.
    this.watched.set(pgid, leaderStartTimeSync(pgid) ?? '-');
    const child = this.child ?? this.start();
    if (child) this.send(child, `watch ${pgid} ${this.watched.get(pgid)}`);
  }

  /** The group is gone (stopped, or reaped after a crash): nothing to do for it any more. */
  unwatch(pgid: number): void {
    if (!this.watched.delete(pgid) || !this.child) return;
    this.send(this.child, `unwatch ${pgid}`);
  }

  /**
   * At quit, after the servers were stopped: closing the pipe ends the watchdog, which stops only groups still
   * watched (a server that would not stop, or every server when the quit gave up waiting).
   */
  close(): void {
    this.closed = true;
    this.child?.stdin?.end();
    this.child = null;
  }

  private start(): ChildProcess | null {
    const { logFile } = this.options;
    let child: ChildProcess;
    try {
      if (logFile) mkdirSync(dirname(logFile), { recursive: true });
      child = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, '--', WATCHDOG_FLAG, String(this.options.graceMs ?? WATCHDOG_GRACE_MS), logFile ?? ''], {
        // Nothing of the app's environment: NODE_OPTIONS and the like must not change what it runs. In Electron,
        // process.execPath is the app itself, and ELECTRON_RUN_AS_NODE makes it a plain Node for the watchdog.
        env: { ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['pipe', 'pipe', 'ignore'],
        detached: true,
        windowsHide: true,
      });
    } catch (error) {
      this.problem(error);
      return null;
    }
    child.once('error', (error) => this.lost(child, error));
    child.once('exit', () => this.lost(child, null));
    child.stdin?.on('error', () => {}); // a dead watchdog's pipe: its exit event says what matters
    this.expectReady(child);
    // Neither the process nor its pipes may keep the app's event loop alive.
    child.unref();
    for (const stream of [child.stdin, child.stdout]) if (stream instanceof Socket) stream.unref();
    this.child = child;
    return child;
  }

  private expectReady(child: ChildProcess): void {
    this.running = new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        this.problem(new Error(`${process.execPath} did not run it as Node within ${READY_WITHIN_MS / 1000} s`));
      }, READY_WITHIN_MS);
      timer.unref();
      let said = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (!said.includes('ready\n')) return;
        clearTimeout(timer);
        resolve(true);
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  }

  /** It died while the app lives (someone killed it): start another for the groups still watched. */
  private lost(child: ChildProcess, error: Error | null): void {
    if (this.child !== child) return;
    this.child = null;
    if (error) this.problem(error);
    if (this.closed || this.watched.size === 0) return;
    if (++this.respawns > MAX_RESPAWNS) return this.problem(new Error('it exited again and again'));
    const next = this.start();
    if (next) for (const [pgid, startTime] of this.watched) this.send(next, `watch ${pgid} ${startTime}`);
  }

  private send(child: ChildProcess, line: string): void {
    child.stdin?.write(`${line}\n`);
  }

  private problem(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.options.onProblem?.(`The watchdog that stops servers if Pairwise dies could not run (${reason}); if Pairwise is killed, its servers keep running until its next start.`);
  }
}
