import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { HistoryItem, HistoryQuery, ModelIndex } from '../../../../electron/shared/sessions';
import { useApi } from '../../api/api-context';
import { errorMessage, type VerdictFilter } from './history-format';
import { HistoryPages, PAGE_SIZE } from './history-pages';
import { useSessionsChanged } from './use-sessions-changed';

/** How long the rows in view must stay the same before their pages are fetched. */
const SCROLL_SETTLE_MS = 40;

export interface HistoryFilter {
  /** Already debounced by the caller: every change here is a request. */
  text: string;
  verdict: VerdictFilter | null;
  category: string | null;
  winner: ModelIndex | null;
}

export const NO_FILTER: HistoryFilter = { text: '', verdict: null, category: null, winner: null };

/** What a page says about the whole query, beside its rows. */
export interface HistoryTotals {
  /** Comparisons the filters keep. */
  total: number;
  /** Comparisons in the session. */
  all: number;
  categories: string[];
  models: string[];
}

export interface HistoryState {
  /** null until the first page of the current query arrives. */
  totals: HistoryTotals | null;
  itemAt(index: number): HistoryItem | undefined;
  /** The rows now in view: the pages covering them that are not held yet are fetched. */
  showRange(first: number, last: number): void;
  error: string | null;
  /** Changes with every page that arrives, so rows read through itemAt are rendered again. */
  version: number;
}

/**
 * One session's comparisons, filtered by the service and fetched a page at a time as the list scrolls. After
 * `sessions.changed` for this session the pages in view are fetched again (when the view is hidden, once it shows).
 */
export function useHistory(sessionId: string | null, filter: HistoryFilter, active: boolean): HistoryState {
  const api = useApi();
  const [pages] = useState(() => new HistoryPages());
  const [totals, setTotals] = useState<HistoryTotals | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const inView = useRef({ first: 0, last: 0 });
  const query = useRef({ sessionId, filter });
  useLayoutEffect(() => {
    query.current = { sessionId, filter };
  });

  const fetchPage = useCallback(
    (page: number) => {
      const { sessionId: id, filter: current } = query.current;
      if (id === null) return;
      const generation = pages.generation;
      pages.requested(page);
      api['sessions.history']({ ...queryOf(id, current), offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (reply) => {
          if (!pages.accept(generation, page, reply.items)) return;
          setTotals({ total: reply.total, all: reply.all, categories: reply.categories, models: reply.models });
          setError(null);
          setVersion((v) => v + 1);
        },
        (failure: unknown) => pages.failed(generation, page) && setError(errorMessage(failure)),
      );
    },
    [api, pages],
  );

  // Dragging the scroll bar across 100,000 rows passes a thousand pages: only where it settles is fetched.
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const fetchInView = useCallback(() => {
    const { first, last } = inView.current;
    for (const page of pages.missing(first, last)) fetchPage(page);
  }, [pages, fetchPage]);
  const showRange = useCallback(
    (first: number, last: number) => {
      inView.current = { first, last };
      clearTimeout(settle.current);
      settle.current = setTimeout(fetchInView, SCROLL_SETTLE_MS);
    },
    [fetchInView],
  );
  useEffect(() => () => clearTimeout(settle.current), []);

  const refetch = useCallback(
    (keepShown: boolean) => {
      pages.reset(keepShown);
      fetchInView();
    },
    [pages, fetchInView],
  );

  // A new session or new filters: a new question, answered from the top of the list.
  const key = JSON.stringify([sessionId, filter]);
  useEffect(() => {
    inView.current = { first: 0, last: 0 };
    setTotals(null);
    setError(null);
    refetch(false);
    setVersion((v) => v + 1);
  }, [key, refetch]);

  const stale = useRef(false);
  useSessionsChanged((ids) => {
    if (sessionId === null || !ids.has(sessionId)) return;
    if (active) refetch(true);
    else stale.current = true;
  });
  useEffect(() => {
    if (active && stale.current) {
      stale.current = false;
      refetch(true);
    }
  }, [active, refetch]);

  const itemAt = useCallback((index: number) => pages.itemAt(index), [pages]);
  return { totals, itemAt, showRange, error, version };
}

/** The filter as the contract spells it: a filter left at "any" is left out. */
function queryOf(sessionId: string, filter: HistoryFilter): HistoryQuery {
  const text = filter.text.trim();
  return {
    sessionId,
    offset: 0,
    limit: PAGE_SIZE,
    ...(text !== '' && { text }),
    ...(filter.verdict !== null && { verdict: filter.verdict }),
    ...(filter.category !== null && { category: filter.category }),
    ...(filter.winner !== null && { winner: filter.winner }),
  };
}
