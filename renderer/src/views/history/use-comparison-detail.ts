import { useEffect, useState } from 'react';
import type { ComparisonDetail } from '../../../../electron/shared/sessions';
import { useApi } from '../../api/api-context';
import { errorMessage } from './history-format';

export type DetailState = { kind: 'loading' } | { kind: 'loaded'; detail: ComparisonDetail } | { kind: 'failed'; message: string };

/** The whole comparison behind a history row (full answers, the vote, the servers' facts), fetched when opened. */
export function useComparisonDetail(sessionId: string, comparisonId: string): DetailState {
  const api = useApi();
  const [state, setState] = useState<DetailState>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ kind: 'loading' });
    api['sessions.comparison']({ sessionId, comparisonId }).then(
      (detail) => current && setState({ kind: 'loaded', detail }),
      (error: unknown) => current && setState({ kind: 'failed', message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, sessionId, comparisonId]);
  return state;
}
