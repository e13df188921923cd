import { useCallback, useEffect, useRef, useState } from 'react';
import type { SystemCheck } from '../../../../electron/shared/system';
import { useApi } from '../../api/api-context';
import { errorMessage } from './format';

export interface SystemCheckState {
  check: SystemCheck | null;
  loading: boolean;
  error: string | null;
  /** Asks again, including the slow `vllm --version` the service otherwise caches. */
  refresh(): void;
}

export function useSystemCheck(): SystemCheckState {
  const api = useApi();
  const [check, setCheck] = useState<SystemCheck | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // Only the latest request may update the panel: an older, slower answer must not overwrite a refresh.
  const latest = useRef(0);

  const run = useCallback(
    (refresh: boolean) => {
      const request = ++latest.current;
      setLoading(true);
      api['system.check']({ refresh }).then(
        (result) => {
          if (request !== latest.current) return;
          setCheck(result);
          setError(null);
          setLoading(false);
        },
        (failure: unknown) => {
          if (request !== latest.current) return;
          setError(errorMessage(failure));
          setLoading(false);
        },
      );
    },
    [api],
  );
  useEffect(() => run(false), [run]);
  const refresh = useCallback(() => run(true), [run]);
  return { check, loading, error, refresh };
}
