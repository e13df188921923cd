import { useEffect, useState } from 'react';
import type { LogLine } from '../../../../electron/shared/engine';
import { useApi } from '../../api/api-context';

const DEBOUNCE_MS = 250;
const REMOTE_LIMIT = 500;

/**
 * Matches the service holds for a query (it may keep lines this panel has dropped or never fetched), asked
 * once the person stops typing. The panel filters its own lines instantly; these fill in the older ones.
 */
export function useRemoteLogMatches(profileId: string, query: string): LogLine[] {
  const api = useApi();
  const [matches, setMatches] = useState<{ query: string; lines: LogLine[] }>({ query: '', lines: [] });
  const needle = query.trim();

  useEffect(() => {
    if (needle === '') return;
    let cancelled = false;
    const timer = setTimeout(() => {
      api['engines.logs']({ profileId, query: needle.slice(0, 200), limit: REMOTE_LIMIT }).then(
        (reply) => !cancelled && setMatches({ query: needle, lines: reply.lines }),
        () => {}, // local filtering still works; older lines are a bonus
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, profileId, needle]);

  return matches.query === needle ? matches.lines : [];
}
