// The charts of a session's statistics, as chart.js configurations: pure functions of SessionStats, so the Stats
// view (in the page) and the report (in Node, on @napi-rs/canvas) draw the same definitions. Only types of
// chart.js and the box plot plugin are imported; whoever draws registers what the charts use:
//   BarController, BarElement, CategoryScale, LinearScale, Legend, Title, Tooltip (chart.js), and
//   BoxPlotController, BoxAndWiskers (@sgratzl/chartjs-chart-boxplot).
// The two plugins a configuration needs (background, intervals) travel inside it (`config.plugins`).
import type { SessionStats } from './stats';
import { LATENCY_METRICS, type LatencyMetric } from './stats-values';
import { latencyBoxPlot, LATENCY_LABELS, type BoxPlotChartConfig } from './stats-charts/latency';
import { bradleyTerryChart, scoresChart } from './stats-charts/scores';
import type { ChartBuildOptions } from './stats-charts/theme';
import { categoryWinRates, pairTitle, positionBiasChart, winRateChart, type BarChartConfig } from './stats-charts/win-rates';

export { BACKGROUND_PLUGIN_ID, DARK_THEME, LIGHT_THEME, MODEL_COLORS, modelColor, OUTCOME_COLORS, SIDE_COLORS } from './stats-charts/theme';
export type { ChartBuildOptions, ChartTheme } from './stats-charts/theme';
export { INTERVAL_PLUGIN_ID } from './stats-charts/intervals';
export type { IntervalMark, IntervalOptions, ReferenceLine } from './stats-charts/intervals';
export { categoryWinRates, modelName, pairTitle, positionBiasChart, winRateChart } from './stats-charts/win-rates';
export type { BarChartConfig } from './stats-charts/win-rates';
export { BRADLEY_TERRY_ANCHOR, bradleyTerryChart, SCORE_RANGE, scoresChart } from './stats-charts/scores';
export { boxOf, LATENCY_LABELS, latencyBoxPlot } from './stats-charts/latency';
export type { BoxPlotChartConfig } from './stats-charts/latency';

/** A stable id per chart: file names of saved PNGs and the report's, and the e2e tests' hooks. */
export const CHART_IDS = {
  /** Per pair: see pairChartId. */
  winRates: 'win-rates',
  latency: { ttftMs: 'latency-ttft', decodeTokensPerS: 'latency-decode', e2eMs: 'latency-e2e' } satisfies Record<LatencyMetric, string>,
  scores: 'scores',
  categories: 'categories',
  position: 'position-bias',
  bradleyTerry: 'bradley-terry',
} as const;

/** The win-rate chart of a pair, by its models (1-based): "win-rates-1-vs-2". */
export function pairChartId(pair: { a: number; b: number }): string {
  return `${CHART_IDS.winRates}-${pair.a + 1}-vs-${pair.b + 1}`;
}

export type StatsChartConfig = BarChartConfig | BoxPlotChartConfig;

export interface StatsChart {
  id: string;
  title: string;
  config: StatsChartConfig;
}

/**
 * Every chart that applies to these stats, in reading order: each pair that has votes, the Bradley-Terry ranking
 * (3+ models), each latency figure some model has timings for, the scores (when the session scores and some
 * vote did), the categories and position bias (once a vote is decided).
 */
export function chartsFor(stats: SessionStats, options?: ChartBuildOptions): StatsChart[] {
  const charts: StatsChart[] = [];
  const add = (id: string, title: string, config: StatsChartConfig | null) => {
    if (config) charts.push({ id, title, config });
  };
  stats.overall.pairs.forEach((pair, index) => {
    if (pair.votes > 0) add(pairChartId(pair), pairTitle(stats, pair), winRateChart(stats, index, options));
  });
  add(CHART_IDS.bradleyTerry, 'Bradley-Terry ranking', bradleyTerryChart(stats, options));
  for (const metric of LATENCY_METRICS) {
    if (stats.overall.models.some((m) => m.latency[metric].n > 0)) {
      add(CHART_IDS.latency[metric], LATENCY_LABELS[metric].title, latencyBoxPlot(stats, metric, options));
    }
  }
  const scored = stats.overall.models.some((m) => Object.values(m.scores).some((s) => s.n > 0));
  if (scored) add(CHART_IDS.scores, 'Scores', scoresChart(stats, options));
  if (stats.votes > 0) add(CHART_IDS.categories, 'Win rate by category', categoryWinRates(stats, options));
  if (stats.position.leftWinRate.n > 0) add(CHART_IDS.position, 'Position bias', positionBiasChart(stats, options));
  return charts;
}

/** "Qwen vs Llama, March" + "win-rates-1-vs-2" → "qwen-vs-llama-march-win-rates-1-vs-2.png". */
export function chartFileName(sessionName: string, chartId: string): string {
  const slug = sessionName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'session'}-${chartId}.png`;
}
