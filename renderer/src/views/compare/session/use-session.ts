import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CreateSession, SessionView } from '../../../../../electron/shared/sessions';
import { useApi } from '../../../api/api-context';
import { errorMessage } from '../../models/format';

export interface SessionState {
  /** undefined while the current session is being looked up; null outside any session. */
  session: SessionView | null | undefined;
  error: string | null;
  create(input: CreateSession): Promise<boolean>;
  open(sessionId: string): Promise<boolean>;
  leave(): Promise<void>;
  /** A session the service handed over (reopened from History). */
  show(session: SessionView): void;
}

/**
 * The rating session Compare is in: looked up when the view opens (so a restart resumes it), refreshed when the
 * service says it changed. Outside blind mode it names the models; in it, nothing here does.
 */
export function useSession(): SessionState {
  const api = useApi();
  const [session, setSession] = useState<SessionView | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api['sessions.current']({}).then(
      (current) => live && setSession(current),
      (failure: unknown) => {
        if (!live) return;
        setSession(null);
        setError(errorMessage(failure));
      },
    );
    return () => {
      live = false;
    };
  }, [api]);

  const currentId = session?.id ?? null;
  useEffect(() => {
    if (currentId === null) return;
    return api.on('sessions.changed', ({ sessionId }) => {
      if (sessionId !== currentId) return;
      // Another window may have moved to another session meanwhile: this page stays in its own (counts may lag).
      api['sessions.current']({}).then((current) => setSession((shown) => (shown?.id === currentId && current?.id === currentId ? current : shown)), () => {});
    });
  }, [api, currentId]);

  const run = useCallback(async (request: () => Promise<SessionView | null>): Promise<boolean> => {
    try {
      setSession(await request());
      setError(null);
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    }
  }, []);

  const create = useCallback((input: CreateSession) => run(() => api['sessions.create'](input)), [api, run]);
  const open = useCallback((sessionId: string) => run(() => api['sessions.open']({ sessionId })), [api, run]);
  const leave = useCallback(async () => void (await run(() => api['sessions.leave']({}))), [api, run]);
  const show = useCallback((view: SessionView) => setSession(view), []);
  return useMemo(() => ({ session, error, create, open, leave, show }), [session, error, create, open, leave, show]);
}
