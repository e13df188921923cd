import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../../electron/shared/engine';
import { LogRow } from './LogRow';

/** Must equal `.log-row`'s height in models.css: rows are placed by arithmetic, not measured. */
const ROW_HEIGHT = 18;
/** Rows rendered above and below the visible ones, so fast scrolling does not show blanks. */
const OVERSCAN = 20;

interface LogViewportProps {
  label: string;
  lines: readonly LogLine[];
  query: string;
  /** Stick to the newest line; turned off when the person scrolls up, on again at the bottom. */
  following: boolean;
  onFollowingChange(following: boolean): void;
  /** Lines dropped from the front since mount: a scrolled-up view moves up by as many rows to stay put. */
  dropped: number;
}

/**
 * A windowed list: only the rows in view (plus a margin) are in the DOM, whatever the line count, so a
 * 5,000-line log scrolls and updates as smoothly as a 50-line one.
 */
export function LogViewport({ label, lines, query, following, onFollowingChange, dropped }: LogViewportProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(320);
  const droppedBefore = useRef(dropped);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const removed = dropped - droppedBefore.current;
    droppedBefore.current = dropped;
    if (following) element.scrollTop = element.scrollHeight;
    else if (removed > 0 && query === '') element.scrollTop = Math.max(0, element.scrollTop - removed * ROW_HEIGHT);
  }, [lines, following, dropped, query]);

  const onScroll = () => {
    const element = ref.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT;
    if (atBottom !== following) onFollowingChange(atBottom);
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div ref={ref} className="log-viewport" role="log" aria-live="off" aria-label={label} tabIndex={0} onScroll={onScroll}>
      <div className="log-spacer" style={{ height: lines.length * ROW_HEIGHT }}>
        <div className="log-window" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
          {lines.slice(first, last).map((line) => (
            <LogRow key={line.seq} line={line} query={query} />
          ))}
        </div>
      </div>
    </div>
  );
}
