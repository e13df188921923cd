import { useId } from 'react';
import { StatsActions } from './StatsActions';
import { StatsBody } from './StatsBody';
import { useSessionStats } from './use-session-stats';
import { useStatsSession } from './use-stats-session';
import './stats.css';

export interface StatsViewProps {
  /** False while another view is shown (if the app keeps this one mounted): then nothing is refetched. */
  active: boolean;
}

/** A session's statistics: verdict, pairs, latency, scores, categories, position bias, ranking; CSV and report. */
export function StatsView({ active }: StatsViewProps) {
  const pickerId = useId();
  const { sessionsState, selected, select } = useStatsSession(active);
  const { stats, loading, error, refresh } = useSessionStats(selected?.id ?? null, active);
  const sessions = sessionsState.sessions;

  return (
    <section className="view stats" aria-labelledby="stats-title">
      <header className="stats-header">
        <h1 id="stats-title">Stats</h1>
        {sessions && sessions.length > 0 && (
          <label className="stats-picker" htmlFor={pickerId}>
            Session
            <select id={pickerId} value={selected?.id ?? ''} onChange={(event) => select(event.target.value)}>
              {sessions.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.votes} {s.votes === 1 ? 'vote' : 'votes'})
                </option>
              ))}
            </select>
          </label>
        )}
        {loading && stats && (
          <span className="stats-muted" role="status">
            Updating…
          </span>
        )}
        {selected && <StatsActions key={selected.id} sessionId={selected.id} />}
      </header>
      {sessionsState.loadError && (
        <p className="view-problem" role="alert">
          The sessions could not be listed: {sessionsState.loadError}. Check that Pairwise is still running, then open Stats again.
        </p>
      )}
      {sessions === null && !sessionsState.loadError && <p className="stats-empty">Loading sessions…</p>}
      {sessions?.length === 0 && (
        <p className="stats-empty" data-testid="stats-empty">
          No rating sessions yet: start one in Compare (New rating session…), or import one in History.
        </p>
      )}
      {error && (
        <div className="view-problem" role="alert">
          <p>The statistics could not be computed: {error}</p>
          <button type="button" onClick={refresh}>
            Try again
          </button>
        </div>
      )}
      {selected && !stats && !error && <p className="stats-empty">Computing the statistics of {selected.name}…</p>}
      {selected && stats && stats.votes === 0 && (
        <p className="stats-empty" data-testid="stats-empty">
          No votes yet: rate some comparisons in Compare.
        </p>
      )}
      {selected && stats && stats.votes > 0 && <StatsBody stats={stats} sessionName={selected.name} />}
    </section>
  );
}
