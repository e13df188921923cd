import { useMemo, useState } from 'react';
import type { SessionSummary } from '../../../../electron/shared/sessions';
import { ComparisonDetail, type ReopenResult } from './ComparisonDetail';
import { ComparisonList } from './ComparisonList';
import { HistoryFilters, type FilterDraft } from './HistoryFilters';
import { plural } from './history-format';
import { useDebouncedValue } from './use-debounced-value';
import { NO_FILTER, useHistory, type HistoryFilter } from './use-history';

/** Typing waits this long before asking the service (which searches every answer of the session). */
const SEARCH_DEBOUNCE_MS = 200;

interface SessionHistoryProps {
  session: SessionSummary;
  active: boolean;
  onReopen(result: ReopenResult): void;
}

/** One session's comparisons: searched and filtered by the service, listed virtually, opened in a dialog. */
export function SessionHistory({ session, active, onReopen }: SessionHistoryProps) {
  const [draft, setDraft] = useState<FilterDraft>(NO_FILTER);
  const text = useDebouncedValue(draft.text, SEARCH_DEBOUNCE_MS);
  const filter = useMemo<HistoryFilter>(() => ({ ...draft, text }), [draft, text]);
  const history = useHistory(session.id, filter, active);
  const [openId, setOpenId] = useState<string | null>(null);
  const listKey = JSON.stringify([session.id, filter]);

  return (
    <section className="session-history" aria-labelledby="session-history-title">
      <div className="session-history-header">
        <h2 id="session-history-title">{session.name}</h2>
        <span className="hist-session-pair">
          {session.models[0]} <span className="muted">vs</span> {session.models[1]}
        </span>
        <span className="muted">
          {plural(session.votes, 'vote', 'votes')} · {plural(session.comparisons, 'comparison', 'comparisons')}
          {session.blind ? ' · blind' : ''}
        </span>
      </div>
      <HistoryFilters draft={draft} onChange={setDraft} totals={history.totals} />
      {history.error && (
        <p className="view-problem" role="alert">
          The comparisons could not be loaded: {history.error}
        </p>
      )}
      {history.totals?.total === 0 ? (
        <p className="empty-note">{history.totals.all === 0 ? 'No comparisons in this session yet.' : 'No comparison matches these filters.'}</p>
      ) : (
        <ComparisonList key={listKey} history={history} onOpen={(item) => setOpenId(item.comparisonId)} />
      )}
      {openId !== null && (
        <ComparisonDetail
          sessionId={session.id}
          comparisonId={openId}
          onClose={() => setOpenId(null)}
          onReopen={(result) => {
            setOpenId(null);
            onReopen(result);
          }}
        />
      )}
    </section>
  );
}
