import type { EngineStatus } from '../../shared/engine';
import type { EventBus } from '../events/event-bus';
import type { EngineConnection } from '../engines/engine';
import { prepareChatStream, type PreparedChatStream } from '../inference/chat-stream';

export interface WarmupDeps {
  bus: EventBus;
  connection(profileId: string): EngineConnection | null;
  /** Writes a line of Pairwise's own into the server's log (the user sees the warm-up happen). */
  note(profileId: string, text: string): void;
  /** Longest a comparison waits for a warm-up before going ahead anyway. */
  waitLimitMs?: number;
}

/**
 * Sends one tiny request to each server as soon as it is ready, so the first comparison does not pay for
 * start-up effects (lazy CUDA graph and kernel initialisation, cold caches) on one side only.
 */
export class WarmupTracker {
  private readonly pending = new Map<string, Promise<void>>();
  /** Warm-up requests in flight, cancelled at dispose so no socket outlives the services. */
  private readonly inFlight = new Set<PreparedChatStream>();
  private disposed = false;
  private readonly off: () => void;

  constructor(private readonly deps: WarmupDeps) {
    this.off = deps.bus.on('engines.status', (status) => this.onStatus(status));
  }

  /** Resolves when the profile's warm-up is over (or was never needed), at most after waitLimitMs. */
  wait(profileId: string): Promise<void> {
    const warmup = this.pending.get(profileId);
    if (!warmup) return Promise.resolve();
    return Promise.race([warmup, new Promise<void>((resolve) => setTimeout(resolve, this.deps.waitLimitMs ?? 60_000).unref())]);
  }

  dispose(): void {
    this.disposed = true;
    this.off();
    for (const stream of this.inFlight) stream.cancel();
  }

  private onStatus(status: EngineStatus): void {
    if (status.state !== 'ready' || status.stage !== 'ready') return;
    const key = `${status.profileId}@${status.readyAt}`;
    if (this.pending.has(status.profileId) && this.warmedFor.get(status.profileId) === key) return;
    this.warmedFor.set(status.profileId, key);
    this.pending.set(status.profileId, this.warmUp(status.profileId));
  }

  private readonly warmedFor = new Map<string, string>();

  private async warmUp(profileId: string): Promise<void> {
    if (this.disposed) return;
    const connection = this.deps.connection(profileId);
    if (!connection) return;
    const stream = prepareChatStream({
      baseUrl: connection.baseUrl,
      apiKey: connection.apiKey,
      body: { model: connection.servedName, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 1, temperature: 0 },
      idleTimeoutMs: 120_000,
    });
    this.inFlight.add(stream);
    const result = await stream.start().finally(() => this.inFlight.delete(stream));
    if (this.disposed) return; // the engine manager may be gone: nobody reads this log any more
    const ms = result.timings.e2eMs === null ? '' : ` in ${Math.round(result.timings.e2eMs)} ms`;
    this.deps.note(profileId, result.outcome === 'done' ? `Warm-up request answered${ms}.` : `Warm-up request failed: ${result.error?.message ?? result.outcome}.`);
  }
}
