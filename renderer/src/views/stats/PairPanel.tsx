import { useId } from 'react';
import type { PairStats, SessionStats } from '../../../../electron/shared/stats';
import { modelName, pairChartId, pairTitle, type StatsChart } from '../../../../electron/shared/stats-charts';
import { ChartCanvas } from './ChartCanvas';
import { formatMean, formatP, formatRateEstimate, moreVotesSentence } from './stats-format';

interface PairPanelProps {
  stats: SessionStats;
  pair: PairStats;
  chart: StatsChart | undefined;
  sessionName: string;
}

/** One pair head to head: its counts, the win / tie / loss bar with the interval, the sign test, and how far from a verdict. */
export function PairPanel({ stats, pair, chart, sessionName }: PairPanelProps) {
  const headingId = useId();
  const factsId = useId();
  const nameA = modelName(stats, pair.a);
  const nameB = modelName(stats, pair.b);
  const more = pair.verdict.kind === 'no-votes' ? null : moreVotesSentence(pair.moreVotesNeeded, pair.aWins + pair.bWins);
  const counts: [string, number][] = [
    [`${nameA} wins`, pair.aWins],
    [`${nameB} wins`, pair.bWins],
    ['Ties', pair.ties],
    ['Both bad', pair.bothBad],
    ['Votes', pair.votes],
  ];
  const differences = Object.entries(pair.scoreDifference).filter(([, d]) => d.n > 0);
  return (
    <section className="stats-pair" aria-labelledby={headingId} data-testid={`pair-${pairChartId(pair)}`}>
      <h3 id={headingId}>{pairTitle(stats, pair)}</h3>
      <dl className="stats-counts" data-testid={`pair-counts-${pair.a + 1}-vs-${pair.b + 1}`} aria-label={`Counts, ${pairTitle(stats, pair)}`}>
        {counts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {chart ? (
        <ChartCanvas chart={chart} sessionName={sessionName} describedBy={factsId} />
      ) : (
        <p className="stats-empty">No votes on this pair yet.</p>
      )}
      <ul className="stats-facts" id={factsId}>
        <li>
          {nameA}&rsquo;s win rate against {nameB} (decided votes): {formatRateEstimate(pair.aWinRate)}
        </li>
        <li>Sign test: {formatP(pair.signTestP)}</li>
        <li>Ties: {formatRateEstimate(pair.tieRate)}</li>
        <li>Both bad: {formatRateEstimate(pair.bothBadRate)}</li>
        {differences.map(([dimension, d]) => (
          <li key={dimension}>
            {dimension}, {nameA} − {nameB}: {formatMean(d)} (n = {d.n})
          </li>
        ))}
        {stats.overall.pairs.length > 1 && <li className="stats-pair-verdict">{pair.verdict.text}</li>}
        {more && <li data-testid={`more-votes-${pair.a + 1}-vs-${pair.b + 1}`}>{more}</li>}
      </ul>
    </section>
  );
}
