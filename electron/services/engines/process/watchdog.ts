import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Socket } from 'node:net';
import { dirname } from 'node:path';
import { WATCHDOG_FLAG, WATCHDOG_SCRIPT } from './watchdog-script';

export interface WatchdogOptions {
  /** Appended to by the watchdog when it stops servers (the only trace of an app that was SIGKILLed). */
  logFile: string | null;
  /** SIGTERM to SIGKILL once the app is gone: short, so even a server that ignores SIGTERM is gone within 5 s. */
  graceMs?: number;
  /** Told when the watchdog cannot run: the pid registry still finds the servers at the next start. */
  onProblem?: (message: string) => void;
}

export const WATCHDOG_GRACE_MS = 2500;
/** A watchdog that cannot stay up is reported, not restarted for ever. */
const MAX_RESPAWNS = 3;

/**
 * A small process that outlives the app and stops the process groups of the servers it launched when the app
 * dies without stopping them (SIGKILL, a crash, the OOM killer): vLLM's EngineCore keeps its GPU memory when its
 * parent is killed (vllm #55510). It holds a pipe from the app; the pipe's end is the signal. Started with the
 * first server, in a session of its own so the terminal's signals do not reach it.
 */
export class ServerWatchdog {
  private child: ChildProcess | null = null;
  private readonly watched = new Set<number>();
  private closed = false;
  private respawns = 0;

  constructor(private readonly options: WatchdogOptions) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Right after the spawn: from now on an abrupt end of the app also ends this group. */
  watch(pgid: number): void {
    if (this.closed) return;
    this.watched.add(pgid);
    const child = this.child ?? this.start();
    if (child) this.send(child, `watch ${pgid}`);
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
    if (logFile) mkdirSync(dirname(logFile), { recursive: true });
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT, '--', WATCHDOG_FLAG, String(this.options.graceMs ?? WATCHDOG_GRACE_MS), logFile ?? ''], {
        // In Electron, process.execPath is the app itself: this makes it a plain Node for the watchdog.
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['pipe', 'ignore', 'ignore'],
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
    // Neither the process nor its pipe may keep the app's event loop alive.
    child.unref();
    if (child.stdin instanceof Socket) child.stdin.unref();
    this.child = child;
    return child;
  }

  /** It died while the app lives (someone killed it): start another for the groups still watched. */
  private lost(child: ChildProcess, error: Error | null): void {
    if (this.child !== child) return;
    this.child = null;
    if (error) this.problem(error);
    if (this.closed || this.watched.size === 0) return;
    if (++this.respawns > MAX_RESPAWNS) return this.problem(new Error('it exited again and again'));
    const next = this.start();
    if (next) for (const pgid of this.watched) this.send(next, `watch ${pgid}`);
  }

  private send(child: ChildProcess, line: string): void {
    child.stdin?.write(`${line}\n`);
  }

  private problem(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.options.onProblem?.(`The watchdog that stops servers if Pairwise dies could not run (${reason}); if Pairwise is killed, its servers keep running until its next start.`);
  }
}
