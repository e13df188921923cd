import { useCallback, useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import type { Side } from '../../../../electron/shared/sides';
import { useApi } from '../../api/api-context';
import type { SideBatch, StreamBatch } from './conversation-state';

/** About 20 updates a second: three frames at 60 Hz, less a little so the cadence survives timer jitter. */
const MIN_INTERVAL_MS = 45;


/**
 * Listens to `compare.delta` and `compare.sideFinished` and hands what arrived to `apply` at most once per
 * animation frame: text accumulates in a ref between frames, so a fast stream costs one render per frame, not one
 * per message. An outcome travels in the same batch as the text before it, so no text trails it.
 *
 * Pacing: text moves about 20 times a second, both sides in the same frame. That still reads as smooth, and
 * what a frame of new text costs is mostly not the render but the style, layout, paint, raster and composite
 * that follow, paid per changed frame (measured in the renderer benchmark: every changed frame cost the browser
 * process about 24 ms of CPU in headless Chromium; updating the sides in alternate frames was slower than
 * together, 30 updates a second gave late frames where 20 did not).
 */
export function useComparisonStream(apply: (batch: StreamBatch) => void, known: (comparisonId: string) => boolean): void {
  const api = useApi();
  const pending = useRef<StreamBatch>(new Map());
  const frame = useRef<number | null>(null);
  /** performance.now() before which the next flush waits (the pacing above). */
  const notBefore = useRef(0);
  const handlers = useRef({ apply, known });
  useEffect(() => {
    handlers.current = { apply, known };
  });

  const flush = useCallback((now: number) => {
    frame.current = null;
    if (now < notBefore.current) {
      frame.current = requestAnimationFrame(flush);
      return;
    }
    const started = performance.now();
    const ready = pending.current;
    pending.current = new Map();
    // Text for a comparison this view never made (an abandoned turn's last words) is dropped.
    for (const comparisonId of ready.keys()) if (!handlers.current.known(comparisonId)) ready.delete(comparisonId);
    // Rendered inside this frame, so the panes paint (and follow their ends) together with the text that moved
    // them. (A transition instead spread the work over scheduler tasks between frames: measured, frames were late.)
    if (ready.size > 0) flushSync(() => handlers.current.apply(ready));
    // A flush that took C ms (a big block, or a machine busy elsewhere) is followed by at least 3C ms without
    // one: streaming backs off instead of competing for the CPU, and input stays responsive.
    notBefore.current = started + Math.max(MIN_INTERVAL_MS, 3 * (performance.now() - started));
    // What arrived during the flush waits for the next frame.
    if (pending.current.size > 0) frame.current = requestAnimationFrame(flush);
  }, []);

  const flushSoon = useCallback(() => {
    frame.current ??= requestAnimationFrame(flush);
  }, [flush]);

  useEffect(() => {
    const entry = (comparisonId: string, side: Side): SideBatch => {
      let sides = pending.current.get(comparisonId);
      if (!sides) pending.current.set(comparisonId, (sides = {}));
      return (sides[side] ??= { content: '', reasoning: '', outcome: null });
    };
    const offDelta = api.on('compare.delta', (delta) => {
      const side = entry(delta.comparisonId, delta.side);
      side.content += delta.content;
      side.reasoning += delta.reasoning;
      flushSoon();
    });
    const offFinished = api.on('compare.sideFinished', (finished) => {
      entry(finished.comparisonId, finished.side).outcome = finished.outcome;
      flushSoon();
    });
    return () => {
      offDelta();
      offFinished();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [api, flushSoon]);
}

