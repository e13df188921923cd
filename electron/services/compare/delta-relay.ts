import type { ComparisonDelta, Side } from '../../shared/compare';

/**
 * Collects streamed text per side and hands it on about once per frame: the renderer must get a handful of
 * messages per second per side, never one IPC message per token (at 500 tokens/s that would swamp it).
 */
export class DeltaRelay {
  private readonly pending: Record<Side, { content: string; reasoning: string }> = {
    left: { content: '', reasoning: '' },
    right: { content: '', reasoning: '' },
  };
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly comparisonId: string,
    private readonly emit: (delta: ComparisonDelta) => void,
    private readonly intervalMs = 16,
  ) {}

  push(side: Side, content: string, reasoning: string): void {
    this.pending[side].content += content;
    this.pending[side].reasoning += reasoning;
    this.timer ??= setTimeout(() => this.flushAll(), this.intervalMs);
  }

  /** Sends what one side has pending now (before that side's "finished" event, so no text trails it). */
  flush(side: Side): void {
    const { content, reasoning } = this.pending[side];
    if (!content && !reasoning) return;
    this.pending[side] = { content: '', reasoning: '' };
    this.emit({ comparisonId: this.comparisonId, side, content, reasoning });
  }

  flushAll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush('left');
    this.flush('right');
  }
}
