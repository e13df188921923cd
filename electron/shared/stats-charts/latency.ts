// Latency as box plots (@sgratzl/chartjs-chart-boxplot), one box per model, from the distributions the services
// computed: the plugin takes precomputed {min, q1, median, q3, max, whiskerMin, whiskerMax, mean, outliers}, so
// no raw timings cross the contract and the boxes are exactly the stats' (Tukey, 1.5 IQR).
import type { BoxPlotDataPoint } from '@sgratzl/chartjs-chart-boxplot';
import type { ChartConfiguration } from 'chart.js';
import type { Distribution, LatencyMetric, SessionStats } from '../stats';
import { backgroundPlugin, baseOptions, categoryScale, modelColor, resolveOptions, themedScale, withAlpha, type ChartBuildOptions } from './theme';
import { modelName } from './win-rates';

export type BoxPlotChartConfig = ChartConfiguration<'boxplot', (BoxPlotDataPoint | null)[], string>;

export const LATENCY_LABELS: Record<LatencyMetric, { title: string; short: string; unit: string }> = {
  ttftMs: { title: 'Time to first token', short: 'TTFT', unit: 'ms' },
  decodeTokensPerS: { title: 'Decode speed', short: 'Decode', unit: 'tokens/s' },
  e2eMs: { title: 'End-to-end time', short: 'E2E', unit: 'ms' },
};

/** The box of one distribution, or null when it has no values (every field of an empty Distribution is null). */
export function boxOf(d: Distribution): BoxPlotDataPoint | null {
  const { min, q1, median, q3, max, whiskerLow, whiskerHigh } = d;
  if (d.n === 0 || min === null || q1 === null || median === null || q3 === null || max === null) return null;
  if (whiskerLow === null || whiskerHigh === null) return null;
  return {
    min,
    q1,
    median,
    q3,
    max,
    whiskerMin: whiskerLow,
    whiskerMax: whiskerHigh,
    mean: d.mean.mean ?? median,
    outliers: [...d.outliers],
    items: [],
  };
}

/** One box per model of the session, for one latency figure; a model with no timings has no box (null). */
export function latencyBoxPlot(stats: SessionStats, metric: LatencyMetric, options?: ChartBuildOptions): BoxPlotChartConfig {
  const resolved = resolveOptions(options);
  const { theme } = resolved;
  const label = LATENCY_LABELS[metric];
  const models = stats.overall.models;
  const colors = models.map((m) => modelColor(m.model));
  const base = baseOptions(`${label.title} (${label.unit})`, resolved);
  return {
    type: 'boxplot',
    data: {
      labels: models.map((m) => `${modelName(stats, m.model)} (n = ${m.latency[metric].n})`),
      datasets: [
        {
          label: `${label.title} (${label.unit})`,
          data: models.map((m) => boxOf(m.latency[metric])),
          backgroundColor: colors.map((c) => withAlpha(c, 0.35)),
          borderColor: colors,
          borderWidth: 1.5,
          medianColor: theme.marks,
          outlierBackgroundColor: colors.map((c) => withAlpha(c, 0.6)),
          outlierBorderColor: colors,
          meanBackgroundColor: theme.marks,
          meanBorderColor: theme.marks,
        },
      ],
    },
    options: {
      ...base,
      aspectRatio: 1.4,
      // Not from zero: a box's place and spread are what it shows, and a 2 s E2E box would be a line from zero.
      scales: { x: categoryScale(theme), y: { ...themedScale(theme, label.unit), beginAtZero: false, grace: '5%' } },
      plugins: { ...base.plugins, legend: { display: false } },
    },
    plugins: [backgroundPlugin],
  };
}
