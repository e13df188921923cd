import type { Readable } from 'node:stream';
import type { EngineStatus, LogLine } from '../../shared/engine';
import { LineSplitter } from './logs/line-splitter';
import { splitVllmLine } from './logs/log-line';
import { StartupTracker } from './logs/startup-progress';
import type { ServerLog } from './server-log';

type Progress = Pick<EngineStatus, 'stage' | 'progress' | 'stageDetail'>;

export interface ServerOutputListeners {
  /** New log lines, batched (at most one call per BATCH_MS): the UI must not get one message per line. */
  onLines(lines: LogLine[]): void;
  onProgress(progress: Progress): void;
}

const BATCH_MS = 50;

/**
 * Reads a server's stdout and stderr: whole lines into the log, tqdm redraws into progress only, startup
 * stages and facts from the messages, and a signal when the HTTP server starts listening (so readiness
 * polls at once instead of waiting out its interval).
 */
export class ServerOutput {
  private readonly tracker: StartupTracker;
  private pending: LogLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private openStreams = 0;
  private closeWaiters: (() => void)[] = [];
  private readonly listeningListeners = new Set<() => void>();
  private listening = false;

  /** expectDownload: the weights are not cached, so the first minutes are a download (shown as its own stage). */
  constructor(
    private readonly log: ServerLog,
    private readonly listeners: ServerOutputListeners,
    expectDownload = false,
  ) {
    this.tracker = new StartupTracker({ expectDownload });
  }

  get serverListening(): boolean {
    return this.listening;
  }

  get facts(): { vllmVersion?: string; maxModelLen?: number } {
    return this.tracker.state.facts;
  }

  readonly listeningSignal = {
    subscribe: (listener: () => void) => {
      this.listeningListeners.add(listener);
      return () => this.listeningListeners.delete(listener);
    },
  };

  attach(stdout: Readable, stderr: Readable): void {
    this.read(stdout, 'stdout');
    this.read(stderr, 'stderr');
  }

  noteSpawnFailure(file: string, error: NodeJS.ErrnoException | undefined): void {
    // The diagnosis table reads this line like any other: `spawn vllm ENOENT`.
    this.push(this.log.append('app', `spawn ${file} ${error?.code ?? 'failed'}${error?.message ? `: ${error.message}` : ''}`));
    this.flush();
  }

  /**
   * Resolves once both streams have closed: every line the server wrote has been read, logged and flushed.
   * The caller bounds the wait (a process outside the server's group could hold the pipes open for ever).
   */
  closed(): Promise<void> {
    if (this.openStreams === 0) return Promise.resolve(this.flush());
    return new Promise((resolve) => {
      this.closeWaiters.push(() => {
        this.flush();
        resolve();
      });
    });
  }

  private read(stream: Readable, name: 'stdout' | 'stderr'): void {
    this.openStreams += 1;
    const splitter = new LineSplitter((text, info) => this.onLine(name, text, info.transient));
    stream.on('data', (chunk: Buffer) => splitter.push(chunk));
    stream.once('close', () => {
      splitter.flush();
      this.openStreams -= 1;
      if (this.openStreams === 0) this.closeWaiters.splice(0).forEach((done) => done());
    });
  }

  private onLine(stream: 'stdout' | 'stderr', text: string, transient: boolean): void {
    const { message } = splitVllmLine(text);
    const before = this.tracker.state;
    this.tracker.feed(message);
    const after = this.tracker.state;
    if (after.stage !== before.stage || after.progress !== before.progress || after.detail !== before.detail) {
      this.listeners.onProgress({ stage: after.stage, progress: after.progress, stageDetail: after.detail });
    }
    if (!this.listening && after.facts.listeningUrl) {
      this.listening = true;
      this.listeningListeners.forEach((listener) => listener());
    }
    if (!transient) this.push(this.log.append(stream, text));
  }

  private push(line: LogLine): void {
    this.pending.push(line);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.listeners.onLines(lines);
  }
}
