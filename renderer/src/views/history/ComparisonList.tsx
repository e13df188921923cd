import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { HistoryItem } from '../../../../electron/shared/sessions';
import { verdictLabel } from './history-format';
import { ComparisonRow, PlaceholderRow } from './ComparisonRow';
import type { HistoryState } from './use-history';

/** A row's height before it is measured (prompt, two previews, timings); measured heights replace it. */
const ESTIMATED_ROW_HEIGHT = 230;
/** Rows rendered beyond the visible ones, so a quick scroll does not show blanks. */
const OVERSCAN = 4;
/** How far Page Up / Page Down move the active row. */
const PAGE_STEP = 5;

interface ComparisonListProps {
  history: HistoryState;
  onOpen(item: HistoryItem): void;
}

/**
 * The session's comparisons as a virtual list: only the rows in view are in the DOM and only their pages are
 * fetched, so 100,000 comparisons scroll like 100. It is one Tab stop (a listbox): the arrows move the active
 * row, Enter opens it. Give it a new `key` when the query changes, so it starts again from the top.
 */
export function ComparisonList({ history, onOpen }: ComparisonListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const rowIdPrefix = useId();
  const count = history.totals?.total ?? 0;
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows.at(-1)?.index ?? 0;
  const { showRange } = history;
  useEffect(() => {
    if (count > 0) showRange(first, Math.min(last, count - 1));
  }, [first, last, count, showRange]);

  const activeIndex = Math.min(active, Math.max(0, count - 1));
  const moveTo = (index: number) => {
    const next = Math.min(count - 1, Math.max(0, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const target = keyTarget(event.key, activeIndex, count);
    if (target !== null) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const item = history.itemAt(activeIndex);
      if (!item) return;
      event.preventDefault();
      onOpen(item);
    }
  };
  const activeShown = rows.some((row) => row.index === activeIndex);

  return (
    <div
      ref={scroller}
      className="comparison-scroll"
      role="listbox"
      aria-label="Comparisons"
      tabIndex={0}
      aria-activedescendant={count > 0 && activeShown ? `${rowIdPrefix}-${activeIndex}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="comparison-spacer" style={{ height: virtualizer.getTotalSize() }}>
        <div className="comparison-window" style={{ transform: `translateY(${rows[0]?.start ?? 0}px)` }}>
          {rows.map((row) => {
            const item = history.itemAt(row.index);
            return (
              <div
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                id={`${rowIdPrefix}-${row.index}`}
                role="option"
                aria-selected={row.index === activeIndex}
                aria-posinset={row.index + 1}
                aria-setsize={count}
                aria-label={item ? rowLabel(item) : 'Loading'}
                className="comparison-option"
                onClick={() => {
                  setActive(row.index);
                  if (item) onOpen(item);
                }}
              >
                {item ? <ComparisonRow item={item} /> : <PlaceholderRow />}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Where an arrow (or Home, End, Page Up, Page Down) moves the active row; null for any other key. */
function keyTarget(key: string, active: number, count: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return active + 1;
    case 'ArrowUp':
      return active - 1;
    case 'PageDown':
      return active + PAGE_STEP;
    case 'PageUp':
      return active - PAGE_STEP;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** A short name for the row (its whole text is its content): the verdict and the start of the prompt. */
function rowLabel(item: HistoryItem): string {
  const prompt = item.userMessage.length > 80 ? `${item.userMessage.slice(0, 80)}…` : item.userMessage;
  return `${verdictLabel(item.verdict)}: ${prompt}`;
}
