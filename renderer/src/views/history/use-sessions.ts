import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionSummary } from '../../../../electron/shared/sessions';
import { useApi } from '../../api/api-context';
import { errorMessage } from './history-format';
import { useSessionsChanged } from './use-sessions-changed';

export interface SessionsState {
  /** null until the first list arrives. */
  sessions: SessionSummary[] | null;
  trashed: SessionSummary[] | null;
  loadError: string | null;
  refresh(): void;
  /** Resolve with the renamed session; reject with the service's refusal (shown next to the field). */
  rename(sessionId: string, name: string): Promise<SessionSummary>;
  trash(sessionId: string): Promise<void>;
  restore(sessionId: string): Promise<SessionSummary>;
}

/**
 * The sessions and the trash, fetched when the view becomes active and again after `sessions.changed`. While the
 * view is hidden an event only marks the lists stale: nobody is looking, so nothing is fetched until it shows.
 */
export function useSessions(active: boolean): SessionsState {
  const api = useApi();
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [trashed, setTrashed] = useState<SessionSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Replies can cross: only the latest request's answer is kept.
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    Promise.all([api['sessions.list']({}), api['sessions.list']({ trashed: true })]).then(
      ([current, trash]) => {
        if (mine !== generation.current) return;
        setSessions(current);
        setTrashed(trash);
        setLoadError(null);
      },
      (error: unknown) => mine === generation.current && setLoadError(errorMessage(error)),
    );
  }, [api]);

  const stale = useRef(true);
  useEffect(() => {
    if (active && stale.current) {
      stale.current = false;
      refresh();
    }
  }, [active, refresh]);
  useSessionsChanged(() => {
    if (active) refresh();
    else stale.current = true;
  });

  const rename = useCallback(
    async (sessionId: string, name: string) => {
      const renamed = await api['sessions.rename']({ sessionId, name });
      setSessions((list) => list?.map((s) => (s.id === renamed.id ? renamed : s)) ?? list);
      return renamed;
    },
    [api],
  );
  const trash = useCallback(
    async (sessionId: string) => {
      await api['sessions.trash']({ sessionId });
      refresh();
    },
    [api, refresh],
  );
  const restore = useCallback(
    async (sessionId: string) => {
      const restored = await api['sessions.restore']({ sessionId });
      refresh();
      return restored;
    },
    [api, refresh],
  );
  return { sessions, trashed, loadError, refresh, rename, trash, restore };
}
