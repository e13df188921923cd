import { useId } from 'react';
import type { SessionStats } from '../../../../electron/shared/stats';
import { CHART_IDS, modelName, type StatsChart } from '../../../../electron/shared/stats-charts';
import { ChartCanvas } from './ChartCanvas';
import { Panel } from './Panel';
import { formatMean, formatRateEstimate } from './stats-format';

interface CategoryPanelProps {
  stats: SessionStats;
  charts: ReadonlyMap<string, StatsChart>;
  sessionName: string;
}

/** Win rates per category (the chart), and per category and model: votes, win rate with its interval, mean scores. */
export function CategoryPanel({ stats, charts, sessionName }: CategoryPanelProps) {
  const tableId = useId();
  const chart = charts.get(CHART_IDS.categories);
  if (stats.categories.length === 0) {
    return (
      <Panel title="By category">
        <p className="stats-empty">No categories yet: they come with the first vote.</p>
      </Panel>
    );
  }
  return (
    <Panel title="By category">
      {chart && <ChartCanvas chart={chart} sessionName={sessionName} describedBy={tableId} />}
      <table className="stats-table" id={tableId} data-testid="category-table">
        <caption>
          Per category (the vote&rsquo;s, else the prompt&rsquo;s): each model&rsquo;s votes, its win rate among decided votes with the 95%
          interval, and its mean scores
        </caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Model</th>
            <th scope="col">Votes</th>
            <th scope="col">Win rate (95% CI, n decided)</th>
            {stats.dimensions.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        {stats.categories.map((category) => (
          <tbody key={category.category} data-category={category.category}>
            {category.models.map((m, index) => (
              <tr key={m.model}>
                {index === 0 && (
                  <th scope="rowgroup" rowSpan={category.models.length}>
                    {category.category}
                    <span className="stats-muted"> ({category.votes} votes)</span>
                  </th>
                )}
                <th scope="row">{modelName(stats, m.model)}</th>
                <td>{m.votes}</td>
                <td>{formatRateEstimate(m.winRate)}</td>
                {stats.dimensions.map((d) => {
                  const score = m.scores[d];
                  return <td key={d}>{score && score.n > 0 ? `${formatMean(score)}, n = ${score.n}` : '–'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </Panel>
  );
}
