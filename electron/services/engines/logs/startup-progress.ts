import type { StartupStage } from '../../../shared/engine';
import { messageOf } from './log-line';
import { overallProgress, isBefore } from './stage-weights';
import { readStartupLine, type StartupFacts, type StartupSignal } from './startup-lines';

export type { StartupFacts } from './startup-lines';

export interface StartupProgress {
  stage: StartupStage;
  /** 0..1 over the whole startup; never decreases. */
  progress: number;
  detail: string;
  facts: StartupFacts;
}

export interface StartupTrackerOptions {
  /** `spawning` unless the launch first waits for another server on the same GPU. */
  initialStage?: StartupStage;
  initialDetail?: string;
  /** The caller knows the weights are not cached yet: plan the bar around a download from the start. */
  expectDownload?: boolean;
}

const DEFAULT_DETAIL: Partial<Record<StartupStage, string>> = {
  'waiting-for-gpu': 'Waiting for the GPU',
  spawning: 'Starting vLLM',
  downloading: 'Downloading weights',
  'waiting-health': 'Waiting for the health check',
  ready: 'Ready',
};

/**
 * Follows one vLLM startup through its log. Feed it every message (after splitVllmLine), transient tqdm redraws
 * included; stages only move forward, so a late line from another process cannot drag the display back.
 */
export class StartupTracker {
  private stage: StartupStage;
  private sub = 0;
  private detail: string;
  private progress = 0;
  private facts: StartupFacts = {};
  private withDownload: boolean;
  private readonly expectDownload: boolean;
  /** Labels of the CUDA-graph capture passes seen, in order (FULL_AND_PIECEWISE runs two). */
  private readonly graphPasses: string[] = [];
  private lastLine: string | null = null;

  constructor(options: StartupTrackerOptions = {}) {
    this.stage = options.initialStage ?? 'spawning';
    this.detail = options.initialDetail ?? DEFAULT_DETAIL[this.stage] ?? '';
    this.expectDownload = options.expectDownload ?? false;
    this.withDownload = this.expectDownload;
    this.progress = overallProgress(this.stage, 0, this.withDownload);
  }

  get state(): StartupProgress {
    return { stage: this.stage, progress: this.progress, detail: this.detail, facts: { ...this.facts } };
  }

  /** The last message that told something about progress (evidence for a startup timeout). */
  get lastStageLine(): string | null {
    return this.lastLine;
  }

  /** Reads one message; true when the state changed. */
  feed(message: string): boolean {
    const signal = readStartupLine(message.trim());
    if (!signal) return false;
    this.lastLine = message.trim();
    if (signal.facts) this.facts = { ...this.facts, ...signal.facts };
    if (signal.download) this.withDownload = true;
    return this.apply(this.resolve(signal)) || signal.facts !== undefined;
  }

  /** Reads one raw line (prefix and logger header still on). */
  feedLine(line: string): boolean {
    return this.feed(messageOf(line));
  }

  /** For stages the log cannot show: waiting for the GPU, `waiting-health` after /health, `ready`. */
  advanceTo(stage: StartupStage, detail?: string): boolean {
    return this.apply({ stage, sub: 0, detail: detail ?? DEFAULT_DETAIL[stage] ?? this.detail });
  }

  private resolve(signal: StartupSignal): StartupSignal {
    if (signal.loadStart && this.expectDownload) return { stage: 'downloading', sub: 0, detail: DEFAULT_DETAIL.downloading };
    if (signal.graphBar) return { ...signal, sub: this.graphProgress(signal.graphBar) };
    return signal;
  }

  /** Each capture pass fills half of what is left of the stage: monotonic without knowing how many follow. */
  private graphProgress(bar: { desc: string; fraction: number }): number {
    if (!this.graphPasses.includes(bar.desc)) this.graphPasses.push(bar.desc);
    const pass = this.graphPasses.indexOf(bar.desc);
    const start = 1 - 0.5 ** pass;
    return start + 0.5 ** (pass + 1) * bar.fraction;
  }

  private apply(signal: StartupSignal): boolean {
    if (isBefore(signal.stage, this.stage)) return false;
    const before = `${this.stage}|${this.sub}|${this.detail}|${this.progress}`;
    if (signal.stage !== this.stage) {
      this.stage = signal.stage;
      this.sub = signal.sub;
    } else {
      this.sub = Math.max(this.sub, signal.sub);
    }
    if (signal.detail) this.detail = signal.detail;
    this.progress = Math.max(this.progress, overallProgress(this.stage, this.sub, this.withDownload));
    return before !== `${this.stage}|${this.sub}|${this.detail}|${this.progress}`;
  }
}
