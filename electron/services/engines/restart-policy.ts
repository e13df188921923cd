import type { FailureReason } from '../../shared/engine';

export interface RestartPolicyOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** This many crashes within windowMs: give up (state `failed`). */
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = { baseDelayMs: 1000, maxDelayMs: 60_000, maxCrashes: 5, windowMs: 10 * 60_000 };

/** Failures a restart cannot cure: the same command would fail the same way. */
const NOT_RETRYABLE: ReadonlySet<FailureReason> = new Set([
  'bad-arguments',
  'executable-not-found',
  'model-not-found',
  'gated-model',
  'unsupported-architecture',
  'no-gpu',
  'bf16-unsupported',
  'quantization-unsupported',
  'max-len-exceeds-kv',
  'kv-cache-no-room',
]);

export type RestartDecision = { kind: 'restart'; delayMs: number; crashes: number } | { kind: 'give-up'; crashes: number } | { kind: 'stay-crashed'; crashes: number };

/** Capped exponential backoff over a sliding window of crash times. */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  recordCrash(at: number, reason: FailureReason, autoRestart: boolean): RestartDecision {
    this.crashes = [...this.crashes.filter((t) => at - t < this.options.windowMs), at];
    const crashes = this.crashes.length;
    if (!autoRestart || NOT_RETRYABLE.has(reason)) return { kind: 'stay-crashed', crashes };
    if (crashes >= this.options.maxCrashes) return { kind: 'give-up', crashes };
    const delayMs = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (crashes - 1));
    return { kind: 'restart', delayMs, crashes };
  }

  /** A deliberate launch or stop by the user starts the count afresh. */
  reset(): void {
    this.crashes = [];
  }
}
