import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionStats } from '../../../../electron/shared/stats';
import { useApi } from '../../api/api-context';
import { useLatestCallback } from '../compare/use-latest-callback';
import { errorMessage } from '../history/history-format';

/** Votes cast in quick succession become one refetch: the stats are computed afresh each time. */
export const STATS_REFETCH_MS = 300;

export interface SessionStatsState {
  /** The last stats that arrived for this session (kept on screen while newer ones are fetched). */
  stats: SessionStats | null;
  loading: boolean;
  error: string | null;
  refresh(): void;
}

/**
 * The statistics of one session, fetched when it is picked and again, debounced, after each `sessions.changed`
 * or `sessions.revealed` event for that session (a vote, an undo, an edit, a reveal). While the view is hidden an
 * event only marks them stale.
 */
export function useSessionStats(sessionId: string | null, active: boolean): SessionStatsState {
  const api = useApi();
  const [stats, setStats] = useState<SessionStats | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Replies can cross: only the latest request's answer is kept.
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    if (sessionId === null) {
      setStats(null);
      setLoading(false);
      setError(null);
      return;
    }
    setLoading(true);
    api['stats.session']({ sessionId }).then(
      (next) => {
        if (mine !== generation.current) return;
        setStats(next);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setError(errorMessage(failure));
        setLoading(false);
      },
    );
  }, [api, sessionId]);

  // A different session: nothing of the last one's stays on screen, and its stats are to be fetched.
  const stale = useRef(true);
  useEffect(() => {
    stale.current = true;
    setStats(null);
    setError(null);
  }, [sessionId]);
  useEffect(() => {
    if (active && stale.current) {
      stale.current = false;
      refresh();
    }
  }, [active, refresh]);

  const onEvent = useLatestCallback((changed: string | null) => {
    if (changed === null || changed !== sessionId) return false;
    if (!active) stale.current = true;
    return active;
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (changed: string | null) => {
      if (!onEvent(changed)) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, STATS_REFETCH_MS);
    };
    const offChanged = api.on('sessions.changed', ({ sessionId: changed }) => schedule(changed));
    const offRevealed = api.on('sessions.revealed', ({ sessionId: changed }) => schedule(changed));
    return () => {
      clearTimeout(timer);
      offChanged();
      offRevealed();
    };
  }, [api, onEvent, refresh]);

  return { stats, loading, error, refresh };
}
