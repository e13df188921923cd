import type { SessionStats } from '../../../../electron/shared/stats';
import { modelName, pairTitle } from '../../../../electron/shared/stats-charts';
import { Panel } from './Panel';
import { formatCount } from './stats-format';

/** The session in words: its verdict sentence, each pair's, and with three or more models the ranking. */
export function VerdictPanel({ stats }: { stats: SessionStats }) {
  const ranking = stats.bradleyTerry ? [...stats.bradleyTerry.ratings].sort((x, y) => x.rank - y.rank || y.rating - x.rating) : null;
  return (
    <Panel title="Verdict" className="stats-verdict-panel">
      <p className="stats-verdict" data-testid="stats-verdict">
        {stats.verdict}
      </p>
      <p className="stats-muted">
        {formatCount(stats.votes, 'vote', 'votes')} over {formatCount(stats.comparisons, 'comparison', 'comparisons')}, computed{' '}
        {new Date(stats.at).toLocaleTimeString()}.
      </p>
      {stats.overall.pairs.length > 1 && (
        <ul className="stats-pair-verdicts" aria-label="Verdict per pair">
          {stats.overall.pairs.map((pair) => (
            <li key={`${pair.a}-${pair.b}`}>
              <strong>{pairTitle(stats, pair)}:</strong> {pair.verdict.text}
            </li>
          ))}
        </ul>
      )}
      {ranking && (
        <p data-testid="stats-ranking">
          Bradley-Terry ranking:{' '}
          {ranking.map((r, i) => (
            <span key={r.model}>
              {i > 0 && ', '}
              {r.rank}. {modelName(stats, r.model)}
            </span>
          ))}
          . Models that share a rank cannot be told apart yet.
        </p>
      )}
    </Panel>
  );
}
