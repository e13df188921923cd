import { useEffect, useState } from 'react';
import type { EngineStatus } from '../../../../electron/shared/engine';
import { useApi } from '../../api/api-context';
import { errorMessage } from './format';

export type StatusMap = ReadonlyMap<string, EngineStatus>;

/**
 * Every server's status by profile id: `engines.list` once, then one `engines.status` event per change.
 * Statuses heard as events before the list replied are newer than the list and are kept.
 */
export function useEngineStatuses(): { statuses: StatusMap; loadError: string | null } {
  const api = useApi();
  const [statuses, setStatuses] = useState<StatusMap>(new Map());
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    const heard = new Set<string>();
    const off = api.on('engines.status', (status) => {
      heard.add(status.profileId);
      setStatuses((current) => new Map(current).set(status.profileId, status));
    });
    api['engines.list']({}).then(
      (list) =>
        setStatuses((current) => {
          const next = new Map(current);
          for (const status of list) if (!heard.has(status.profileId)) next.set(status.profileId, status);
          return next;
        }),
      (error: unknown) => setLoadError(errorMessage(error)),
    );
    return off;
  }, [api]);

  return { statuses, loadError };
}
