import { useCallback, useEffect, useState } from 'react';
import type { MemoryPlan } from '../../../../electron/shared/gpu';
import { useApi } from '../../api/api-context';
import { errorMessage } from './format';

export interface MemoryPlanState {
  plan: MemoryPlan | null;
  loading: boolean;
  error: string | null;
  recheck(): void;
}

/**
 * The memory plan for the given profiles, asked again whenever `inputsKey` changes (their settings or their
 * servers' states: a server that starts or stops changes what the GPU has left).
 */
export function useMemoryPlan(profileIds: string[], inputsKey: string): MemoryPlanState {
  const api = useApi();
  const [plan, setPlan] = useState<MemoryPlan | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const idsKey = profileIds.join(',');

  useEffect(() => {
    if (idsKey.split(',').filter(Boolean).length < 2) {
      setPlan(null);
      return;
    }
    let cancelled = false;
    setLoading(true);
    api['engines.memoryPlan']({ profileIds: idsKey.split(',') }).then(
      (result) => {
        if (cancelled) return;
        setPlan(result);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (cancelled) return;
        setError(errorMessage(failure));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, idsKey, inputsKey, attempt]);

  const recheck = useCallback(() => setAttempt((n) => n + 1), []);
  return { plan, loading, error, recheck };
}
