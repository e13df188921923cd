import { useState } from 'react';
import type { ReopenResult } from './ComparisonDetail';
import { ExportMenu } from './ExportMenu';
import { ImportButton } from './ImportButton';
import { SessionHistory } from './SessionHistory';
import { SessionList } from './SessionList';
import { useSessions } from './use-sessions';
import './history.css';

export interface HistoryViewProps {
  /** False while another view is shown (if the app keeps this one mounted): then nothing is refetched. */
  active: boolean;
  /** After `sessions.reopen` answered: the app shows Compare with that conversation. */
  onReopen(result: ReopenResult): void;
}

/** Past rating sessions: their comparisons, searched and filtered; rename, trash and restore; export and import. */
export function HistoryView({ active, onReopen }: HistoryViewProps) {
  const sessionsState = useSessions(active);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = sessionsState.sessions?.find((s) => s.id === selectedId) ?? null;

  return (
    <section className="view history" aria-labelledby="history-title">
      <header className="history-header">
        <h1 id="history-title">History</h1>
        <div className="history-tools">
          <ExportMenu sessionId={selected?.id ?? null} />
          <ImportButton
            onImported={(session) => {
              sessionsState.refresh();
              setSelectedId(session.id);
            }}
          />
        </div>
      </header>
      <div className="history-body">
        <SessionList state={sessionsState} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
        {selected ? (
          <SessionHistory key={selected.id} session={selected} active={active} onReopen={onReopen} />
        ) : (
          <p className="empty-note history-placeholder">Pick a session to see its comparisons.</p>
        )}
      </div>
    </section>
  );
}
