// Mean scores per dimension, and the Bradley-Terry ratings: bars with their intervals as whiskers.
import type { MeanEstimate, SessionStats } from '../stats';
import { INTERVAL_PLUGIN_ID, intervalPlugin, type IntervalMark } from './intervals';
import { backgroundPlugin, baseOptions, categoryScale, modelColor, resolveOptions, themedScale, type ChartBuildOptions } from './theme';
import { modelName, type BarChartConfig } from './win-rates';

/** The lowest and highest score a dimension takes (design: 0–5). */
export const SCORE_RANGE = { min: 0, max: 5 } as const;

function meanMark(datasetIndex: number, index: number, estimate: MeanEstimate | undefined): IntervalMark[] {
  const ci = estimate?.ci;
  if (!ci) return [];
  // A t interval can reach past the scale; the scores themselves cannot.
  return [{ datasetIndex, index, low: Math.max(SCORE_RANGE.min, ci.low), high: Math.min(SCORE_RANGE.max, ci.high) }];
}

/** Mean score per dimension, one bar per model, with the mean's 95% interval. Null when the session scores nothing. */
export function scoresChart(stats: SessionStats, options?: ChartBuildOptions): BarChartConfig | null {
  if (stats.dimensions.length === 0) return null;
  const resolved = resolveOptions(options);
  const { theme } = resolved;
  const models = stats.overall.models;
  const datasets = models.map((m) => ({
    label: modelName(stats, m.model),
    data: stats.dimensions.map((d) => m.scores[d]?.mean ?? null),
    backgroundColor: modelColor(m.model),
  }));
  const marks = models.flatMap((m, datasetIndex) => stats.dimensions.flatMap((d, index) => meanMark(datasetIndex, index, m.scores[d])));
  const base = baseOptions('Mean score per dimension', resolved);
  return {
    type: 'bar',
    data: { labels: [...stats.dimensions], datasets },
    options: {
      ...base,
      aspectRatio: 2,
      scales: {
        x: categoryScale(theme),
        y: { ...themedScale(theme, `mean score (${SCORE_RANGE.min}–${SCORE_RANGE.max}), 95% interval`), min: SCORE_RANGE.min, max: SCORE_RANGE.max },
      },
      plugins: { ...base.plugins, [INTERVAL_PLUGIN_ID]: { marks, lines: [], color: theme.marks } },
    },
    plugins: [backgroundPlugin, intervalPlugin],
  };
}

/** The rating of the mean model (the fit's anchor), where the bars start. */
export const BRADLEY_TERRY_ANCHOR = 1000;

/**
 * The Bradley-Terry ratings, best first, as bars from the anchor (1000, the mean model) with their bootstrap
 * intervals. Null with fewer than three models (stats.bradleyTerry is null).
 */
export function bradleyTerryChart(stats: SessionStats, options?: ChartBuildOptions): BarChartConfig | null {
  const fit = stats.bradleyTerry;
  if (!fit) return null;
  const resolved = resolveOptions(options);
  const { theme } = resolved;
  const ratings = [...fit.ratings].sort((x, y) => y.rating - x.rating || x.model - y.model);
  const values = ratings.flatMap((r) => [r.ci.low, r.ci.high, r.rating]).concat(BRADLEY_TERRY_ANCHOR);
  const step = 50;
  const min = Math.floor((Math.min(...values) - step / 2) / step) * step;
  const max = Math.ceil((Math.max(...values) + step / 2) / step) * step;
  const base = baseOptions(`Bradley-Terry ratings (${fit.votes} votes, ${fit.resamples} bootstrap resamples)`, resolved);
  return {
    type: 'bar',
    data: {
      labels: ratings.map((r) => modelName(stats, r.model)),
      datasets: [
        {
          label: 'Rating',
          data: ratings.map((r) => r.rating),
          base: BRADLEY_TERRY_ANCHOR,
          backgroundColor: ratings.map((r) => modelColor(r.model)),
        },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      aspectRatio: Math.max(1.6, 4 - ratings.length * 0.3),
      scales: {
        x: { ...themedScale(theme, 'rating (Elo scale, 95% bootstrap interval)'), min, max },
        y: categoryScale(theme),
      },
      plugins: {
        ...base.plugins,
        legend: { display: false },
        [INTERVAL_PLUGIN_ID]: {
          marks: ratings.map((r, index) => ({ datasetIndex: 0, index, low: r.ci.low, high: r.ci.high })),
          lines: [{ value: BRADLEY_TERRY_ANCHOR, label: String(BRADLEY_TERRY_ANCHOR) }],
          color: theme.marks,
        },
      },
    },
    plugins: [backgroundPlugin, intervalPlugin],
  };
}
