import { useId } from 'react';
import type { SessionStats } from '../../../../electron/shared/stats';
import { LATENCY_METRICS } from '../../../../electron/shared/stats-values';
import { CHART_IDS, LATENCY_LABELS, modelName, type StatsChart } from '../../../../electron/shared/stats-charts';
import { ChartCanvas } from './ChartCanvas';
import { Panel } from './Panel';
import { formatDistributionValue, formatMean, latencyFormatter } from './stats-format';

interface LatencyPanelProps {
  stats: SessionStats;
  charts: ReadonlyMap<string, StatsChart>;
  sessionName: string;
}

/** Box plots of TTFT, decode speed and E2E per model, side by side, and the table of their figures. */
export function LatencyPanel({ stats, charts, sessionName }: LatencyPanelProps) {
  const tableId = useId();
  const models = stats.overall.models;
  const any = models.some((m) => LATENCY_METRICS.some((metric) => m.latency[metric].n > 0));
  return (
    <Panel title="Latency">
      {!any ? (
        <p className="stats-empty">No timings yet: they come with the first comparison both models complete.</p>
      ) : (
        <>
          <div className="stats-chart-row">
            {LATENCY_METRICS.map((metric) => {
              const chart = charts.get(CHART_IDS.latency[metric]);
              return chart ? (
                <ChartCanvas key={metric} chart={chart} sessionName={sessionName} describedBy={tableId} />
              ) : (
                <p key={metric} className="stats-empty">
                  No {LATENCY_LABELS[metric].title.toLowerCase()} figures yet.
                </p>
              );
            })}
          </div>
          <table className="stats-table" id={tableId} data-testid="latency-table">
            <caption>Latency per model over every completed answer: median, 90th percentile, and mean with its 95% interval</caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Figure</th>
                <th scope="col">Median</th>
                <th scope="col">p90</th>
                <th scope="col">Mean (95% CI)</th>
                <th scope="col">n</th>
              </tr>
            </thead>
            {models.map((m) => (
              <tbody key={m.model}>
                {LATENCY_METRICS.map((metric, index) => {
                  const d = m.latency[metric];
                  return (
                    <tr key={metric}>
                      {index === 0 && (
                        <th scope="rowgroup" rowSpan={LATENCY_METRICS.length}>
                          {modelName(stats, m.model)}
                        </th>
                      )}
                      <th scope="row">{LATENCY_LABELS[metric].short}</th>
                      <td>{formatDistributionValue(d, 'median', metric)}</td>
                      <td>{formatDistributionValue(d, 'p90', metric)}</td>
                      <td>{formatMean(d.mean, latencyFormatter(metric))}</td>
                      <td>{d.n}</td>
                    </tr>
                  );
                })}
              </tbody>
            ))}
          </table>
        </>
      )}
    </Panel>
  );
}
