import { useEffect, useId, useState } from 'react';
import type { SessionSummary } from '../../../../../electron/shared/sessions';
import { useApi } from '../../../api/api-context';
import { errorMessage } from '../../models/format';

/** Goes back into an earlier rating session (listed with their pairs: this is outside any blind turn). */
export function ResumeSession({ onOpen }: { onOpen(sessionId: string): Promise<boolean> }) {
  const api = useApi();
  const id = useId();
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api['sessions.list']({}).then(
      (list) => live && setSessions(list),
      (failure: unknown) => live && setError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [api]);
  if (error) return <span className="field-error">Sessions could not be listed: {error}</span>;
  if (!sessions || sessions.length === 0) return null;
  return (
    <span className="resume-session">
      <label htmlFor={id}>Resume</label>
      <select id={id} value="" onChange={(event) => event.target.value && void onOpen(event.target.value)}>
        <option value="">a session…</option>
        {sessions.map((session) => (
          <option key={session.id} value={session.id}>
            {session.name} ({session.votes} votes)
          </option>
        ))}
      </select>
    </span>
  );
}
