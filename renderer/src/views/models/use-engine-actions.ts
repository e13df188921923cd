import { useCallback, useState } from 'react';
import { ApiError } from '../../../../electron/shared/errors';
import { useApi } from '../../api/api-context';
import { errorMessage } from './format';

export type EngineAction = 'launch' | 'stop' | 'restart';

/** Why the last action on a profile failed; `canForce` when the memory plan refused a launch. */
export interface ActionProblem {
  action: EngineAction;
  message: string;
  canForce: boolean;
}

export interface EngineActions {
  /** Profiles with a request in flight (their buttons wait rather than send twice). */
  pending: ReadonlySet<string>;
  problems: Readonly<Record<string, ActionProblem>>;
  launch(profileId: string, force?: boolean): Promise<void>;
  stop(profileId: string): Promise<void>;
  restart(profileId: string): Promise<void>;
  dismissProblem(profileId: string): void;
}

/**
 * Launch / Stop / Restart. The replies are not used as state: the same status arrives as an `engines.status`
 * event, which is the one source of truth. Only refusals are kept, to show next to the server.
 */
export function useEngineActions(): EngineActions {
  const api = useApi();
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [problems, setProblems] = useState<Record<string, ActionProblem>>({});

  const run = useCallback(
    async (profileId: string, action: EngineAction, call: () => Promise<unknown>) => {
      setPending((current) => new Set(current).add(profileId));
      setProblems(({ [profileId]: _old, ...rest }) => rest);
      try {
        await call();
      } catch (error) {
        // A launch refused with `conflict` from a stopped server is the memory check: nvidia-smi can be wrong
        // about other processes, so the person may overrule it.
        const canForce = action === 'launch' && error instanceof ApiError && error.code === 'conflict';
        setProblems((current) => ({ ...current, [profileId]: { action, message: errorMessage(error), canForce } }));
      } finally {
        setPending((current) => {
          const next = new Set(current);
          next.delete(profileId);
          return next;
        });
      }
    },
    [],
  );

  const launch = useCallback(
    (profileId: string, force = false) => run(profileId, 'launch', () => api['engines.launch'](force ? { profileId, force } : { profileId })),
    [api, run],
  );
  const stop = useCallback((profileId: string) => run(profileId, 'stop', () => api['engines.stop']({ profileId })), [api, run]);
  const restart = useCallback((profileId: string) => run(profileId, 'restart', () => api['engines.restart']({ profileId })), [api, run]);
  const dismissProblem = useCallback((profileId: string) => setProblems(({ [profileId]: _old, ...rest }) => rest), []);
  return { pending, problems, launch, stop, restart, dismissProblem };
}
