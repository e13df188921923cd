import { useMemo } from 'react';
import type { SessionStats } from '../../../../electron/shared/stats';
import { chartsFor, pairChartId } from '../../../../electron/shared/stats-charts';
import { CategoryPanel } from './CategoryPanel';
import { LatencyPanel } from './LatencyPanel';
import { PairPanel } from './PairPanel';
import { Panel } from './Panel';
import { PositionPanel } from './PositionPanel';
import { RankingPanel } from './RankingPanel';
import { ScoresPanel } from './ScoresPanel';
import { prefersReducedMotion, useChartTheme } from './use-chart-theme';
import { VerdictPanel } from './VerdictPanel';

/** Every panel of one session's stats; the charts are the shared definitions, in the page's theme. */
export function StatsBody({ stats, sessionName }: { stats: SessionStats; sessionName: string }) {
  const theme = useChartTheme();
  const charts = useMemo(() => {
    const list = chartsFor(stats, { theme, animation: !prefersReducedMotion() });
    return new Map(list.map((chart) => [chart.id, chart]));
  }, [stats, theme]);
  const shared = { stats, charts, sessionName };
  return (
    <div className="stats-body">
      <VerdictPanel stats={stats} />
      <Panel title="Head to head">
        {stats.overall.pairs.map((pair) => (
          <PairPanel key={`${pair.a}-${pair.b}`} stats={stats} pair={pair} chart={charts.get(pairChartId(pair))} sessionName={sessionName} />
        ))}
      </Panel>
      <RankingPanel {...shared} />
      <LatencyPanel {...shared} />
      <ScoresPanel {...shared} />
      <CategoryPanel {...shared} />
      <PositionPanel {...shared} />
    </div>
  );
}
