import { useId } from 'react';
import type { MeanEstimate, SessionStats } from '../../../../electron/shared/stats';
import { CHART_IDS, modelName, type StatsChart } from '../../../../electron/shared/stats-charts';
import { ChartCanvas } from './ChartCanvas';
import { Panel } from './Panel';
import { formatMean, formatPercent } from './stats-format';

interface ScoresPanelProps {
  stats: SessionStats;
  charts: ReadonlyMap<string, StatsChart>;
  sessionName: string;
}

function cell(estimate: MeanEstimate | undefined, format?: (value: number) => string): string {
  if (!estimate || estimate.n === 0) return 'not scored (n = 0)';
  return `${formatMean(estimate, format)}, n = ${estimate.n}`;
}

const asPercent = (share: number) => formatPercent(share);

/** Mean score per dimension and model with intervals, and the share of key points covered where prompts had them. */
export function ScoresPanel({ stats, charts, sessionName }: ScoresPanelProps) {
  const tableId = useId();
  const models = stats.overall.models;
  const chart = charts.get(CHART_IDS.scores);
  const completeness = models.some((m) => m.completeness.n > 0);
  if (stats.dimensions.length === 0 && !completeness) {
    return (
      <Panel title="Scores">
        <p className="stats-empty">This session scores no dimensions, so there are no scores to show.</p>
      </Panel>
    );
  }
  return (
    <Panel title="Scores">
      {chart ? (
        <ChartCanvas chart={chart} sessionName={sessionName} describedBy={tableId} />
      ) : (
        <p className="stats-empty">No scores yet: give scores (0–5) when you vote in Compare.</p>
      )}
      <table className="stats-table" id={tableId} data-testid="scores-table">
        <caption>Mean score per dimension (0–5) with its 95% interval and the number of scores; completeness is the share of key points covered</caption>
        <thead>
          <tr>
            <th scope="col">Dimension</th>
            {models.map((m) => (
              <th key={m.model} scope="col">
                {modelName(stats, m.model)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {stats.dimensions.map((dimension) => (
            <tr key={dimension}>
              <th scope="row">{dimension}</th>
              {models.map((m) => (
                <td key={m.model}>{cell(m.scores[dimension])}</td>
              ))}
            </tr>
          ))}
          {completeness && (
            <tr>
              <th scope="row">Completeness (key points)</th>
              {models.map((m) => (
                <td key={m.model}>{cell(m.completeness, asPercent)}</td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </Panel>
  );
}
