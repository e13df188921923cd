import { useEffect, useState } from 'react';
import type { SessionSummary } from '../../../../electron/shared/sessions';
import { useApi } from '../../api/api-context';
import { useSessions, type SessionsState } from '../history/use-sessions';

export interface StatsSessionChoice {
  sessionsState: SessionsState;
  /** The session shown: the one picked, else the current one (Compare's), else the most recent. */
  selected: SessionSummary | null;
  select(sessionId: string): void;
}

/** Which session the Stats view shows. The list is History's (useSessions), kept fresh by `sessions.changed`. */
export function useStatsSession(active: boolean): StatsSessionChoice {
  const api = useApi();
  const sessionsState = useSessions(active);
  const [picked, setPicked] = useState<string | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);

  useEffect(() => {
    if (!active) return;
    let live = true;
    api['sessions.current']({}).then(
      (view) => live && setCurrentId(view?.id ?? null),
      () => live && setCurrentId(null),
    );
    return () => {
      live = false;
    };
  }, [api, active]);

  const sessions = sessionsState.sessions ?? [];
  const byId = (id: string | null) => (id === null ? undefined : sessions.find((s) => s.id === id));
  const mostRecent = [...sessions].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  const selected = byId(picked) ?? byId(currentId) ?? mostRecent ?? null;
  return { sessionsState, selected, select: setPicked };
}
