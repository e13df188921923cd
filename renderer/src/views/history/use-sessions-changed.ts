import { useEffect } from 'react';
import { useApi } from '../../api/api-context';
import { useLatestCallback } from '../compare/use-latest-callback';

/** Several changes in a burst (votes cast quickly, a long import) become one refetch. */
const BURST_MS = 150;

/** Calls `onChange` with the sessions that changed, once per burst of `sessions.changed` events. */
export function useSessionsChanged(onChange: (sessionIds: ReadonlySet<string>) => void): void {
  const api = useApi();
  const notify = useLatestCallback(onChange);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let changed = new Set<string>();
    const off = api.on('sessions.changed', ({ sessionId }) => {
      changed.add(sessionId);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const ids = changed;
        changed = new Set();
        notify(ids);
      }, BURST_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [api, notify]);
}
