import { useId } from 'react';
import type { SessionStats } from '../../../../electron/shared/stats';
import { CHART_IDS, modelName, type StatsChart } from '../../../../electron/shared/stats-charts';
import { ChartCanvas } from './ChartCanvas';
import { Panel } from './Panel';

interface RankingPanelProps {
  stats: SessionStats;
  charts: ReadonlyMap<string, StatsChart>;
  sessionName: string;
}

/** With three or more models: the Bradley-Terry ratings, best first, with bootstrap intervals and ranks. */
export function RankingPanel({ stats, charts, sessionName }: RankingPanelProps) {
  const tableId = useId();
  const fit = stats.bradleyTerry;
  if (!fit) return null;
  const chart = charts.get(CHART_IDS.bradleyTerry);
  const ratings = [...fit.ratings].sort((x, y) => y.rating - x.rating || x.model - y.model);
  return (
    <Panel title="Ranking (Bradley-Terry)">
      {chart && <ChartCanvas chart={chart} sessionName={sessionName} describedBy={tableId} />}
      <table className="stats-table" id={tableId} data-testid="ranking-table">
        <caption>
          Bradley-Terry ratings (Elo scale, the mean model at 1000) from {fit.votes} votes, with 95% intervals from {fit.resamples} bootstrap
          resamples (seed {fit.seed}); a model&rsquo;s rank is one more than the number of models whose interval lies entirely above its own
        </caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Model</th>
            <th scope="col">Rating</th>
            <th scope="col">95% interval</th>
          </tr>
        </thead>
        <tbody>
          {ratings.map((r) => (
            <tr key={r.model}>
              <td>{r.rank}</td>
              <th scope="row">{modelName(stats, r.model)}</th>
              <td>{Math.round(r.rating)}</td>
              <td>
                {Math.round(r.ci.low)}–{Math.round(r.ci.high)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
