import { useId } from 'react';
import type { SessionStats } from '../../../../electron/shared/stats';
import { CHART_IDS, type StatsChart } from '../../../../electron/shared/stats-charts';
import { ChartCanvas } from './ChartCanvas';
import { Panel } from './Panel';
import { formatP, formatRateEstimate } from './stats-format';

interface PositionPanelProps {
  stats: SessionStats;
  charts: ReadonlyMap<string, StatsChart>;
  sessionName: string;
}

/** Does the left side win more often, whichever model is there; and do hidden repeats get the same vote? */
export function PositionPanel({ stats, charts, sessionName }: PositionPanelProps) {
  const factsId = useId();
  const chart = charts.get(CHART_IDS.position);
  const { position, consistency } = stats;
  return (
    <Panel title="Position bias and rater consistency">
      {chart ? (
        <ChartCanvas chart={chart} sessionName={sessionName} describedBy={factsId} />
      ) : (
        <p className="stats-empty">No decided votes yet: position bias needs votes where one side won.</p>
      )}
      <dl className="stats-facts-list" id={factsId} data-testid="position-facts">
        <div>
          <dt>Left side (A) wins</dt>
          <dd>{position.leftWins}</dd>
        </div>
        <div>
          <dt>Right side (B) wins</dt>
          <dd>{position.rightWins}</dd>
        </div>
        <div>
          <dt>Left-side win rate</dt>
          <dd>{formatRateEstimate(position.leftWinRate)}</dd>
        </div>
        <div>
          <dt>Sign test (left against right)</dt>
          <dd>{formatP(position.signTestP)}</dd>
        </div>
      </dl>
      <h3>Rater consistency (hidden repeats)</h3>
      {consistency.pairs === 0 ? (
        <p className="stats-empty" data-testid="consistency-facts">
          No hidden repeat voted twice yet: run a prompt set with hidden repeats to measure how consistent the votes are.
        </p>
      ) : (
        <dl className="stats-facts-list" data-testid="consistency-facts">
          <div>
            <dt>Repeats voted both times</dt>
            <dd>{consistency.pairs}</dd>
          </div>
          <div>
            <dt>Same model preferred both times</dt>
            <dd>{formatRateEstimate(consistency.consistent)}</dd>
          </div>
          <div>
            <dt>Same side preferred both times (the rater&rsquo;s own position bias)</dt>
            <dd>{formatRateEstimate(consistency.sameSide)}</dd>
          </div>
        </dl>
      )}
    </Panel>
  );
}
