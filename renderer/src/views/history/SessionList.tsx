import { useId, useState, type KeyboardEvent } from 'react';
import type { SessionSummary } from '../../../../electron/shared/sessions';
import { refusalMessage, errorMessage } from './history-format';
import { SessionFacts, SessionItem } from './SessionItem';
import type { SessionsState } from './use-sessions';

type Tab = 'sessions' | 'trash';

interface SessionListProps {
  state: SessionsState;
  selectedId: string | null;
  onSelect(sessionId: string | null): void;
}

/** The sessions and the trash, as two tabs. */
export function SessionList({ state, selectedId, onSelect }: SessionListProps) {
  const [tab, setTab] = useState<Tab>('sessions');
  const baseId = useId();
  const tabs: { id: Tab; label: string; count: number | undefined }[] = [
    { id: 'sessions', label: 'Sessions', count: state.sessions?.length },
    { id: 'trash', label: 'Trash', count: state.trashed?.length },
  ];
  return (
    <section className="hist-session-panel" aria-label="Rating sessions">
      <div role="tablist" aria-label="Session lists" className="hist-session-tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${baseId}-${t.id}-tab`}
            aria-selected={tab === t.id}
            aria-controls={`${baseId}-${t.id}-panel`}
            className="hist-session-tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {t.count !== undefined && <span className="tab-count"> {t.count}</span>}
          </button>
        ))}
      </div>
      {state.loadError && (
        <p className="view-problem" role="alert">
          The sessions could not be listed: {state.loadError}
        </p>
      )}
      <div role="tabpanel" id={`${baseId}-${tab}-panel`} aria-labelledby={`${baseId}-${tab}-tab`}>
        {tab === 'sessions' ? <ActiveSessions state={state} selectedId={selectedId} onSelect={onSelect} /> : <TrashedSessions state={state} />}
      </div>
    </section>
  );
}

function ActiveSessions({ state, selectedId, onSelect }: SessionListProps) {
  if (state.sessions === null) return <p className="muted">Loading sessions…</p>;
  if (state.sessions.length === 0) {
    return <p className="empty-note">No rating sessions yet. Start one in Compare, or import a JSONL export.</p>;
  }
  return (
    <ul className="hist-session-list" aria-label="Sessions" onKeyDown={moveBetweenSessions}>
      {state.sessions.map((session) => (
        <SessionItem
          key={session.id}
          session={session}
          selected={session.id === selectedId}
          onSelect={() => onSelect(session.id)}
          onRename={(name) => state.rename(session.id, name).then(() => null, (error: unknown) => refusalMessage(error, 'name'))}
          onTrash={() =>
            state.trash(session.id).then(
              () => {
                if (session.id === selectedId) onSelect(null);
                return null;
              },
              (error: unknown) => errorMessage(error),
            )
          }
        />
      ))}
    </ul>
  );
}

function TrashedSessions({ state }: { state: SessionsState }) {
  if (state.trashed === null) return <p className="muted">Loading the trash…</p>;
  if (state.trashed.length === 0) return <p className="empty-note">The trash is empty.</p>;
  return (
    <ul className="hist-session-list" aria-label="Trashed sessions">
      {state.trashed.map((session) => (
        <TrashedItem key={session.id} session={session} onRestore={() => state.restore(session.id)} />
      ))}
    </ul>
  );
}

function TrashedItem({ session, onRestore }: { session: SessionSummary; onRestore(): Promise<unknown> }) {
  const factsId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <li className="hist-session-item trashed">
      <div className="hist-session-open">
        <span className="hist-session-name">{session.name}</span>
        <SessionFacts session={session} id={factsId} />
      </div>
      <span className="button-row hist-session-actions">
        <button
          type="button"
          className="small"
          aria-label={`Restore ${session.name}`}
          onClick={() => {
            setProblem(null);
            onRestore().catch((error: unknown) => setProblem(errorMessage(error)));
          }}
        >
          Restore
        </button>
      </span>
      {problem && (
        <p className="row-problem" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

/** Up and down arrows walk the sessions' open buttons, as they walk the comparisons. */
function moveBetweenSessions(event: KeyboardEvent<HTMLUListElement>): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-hist-session-open]')];
  const at = buttons.indexOf(event.target as HTMLElement);
  if (at < 0) return;
  event.preventDefault();
  buttons[Math.min(buttons.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
}
