// Win rates as bars with their Wilson intervals: one pair head to head, per category, and left against right.
// Rates are drawn in percent (0–100) so the axis reads without a formatter function in the configuration.
import type { ChartConfiguration } from 'chart.js';
import type { PairStats, RateEstimate, SessionStats } from '../stats';
import { INTERVAL_PLUGIN_ID, intervalPlugin, type IntervalMark } from './intervals';
import {
  backgroundPlugin,
  baseOptions,
  categoryScale,
  modelColor,
  OUTCOME_COLORS,
  percent,
  resolveOptions,
  SIDE_COLORS,
  themedScale,
  type ChartBuildOptions,
} from './theme';

export type BarChartConfig = ChartConfiguration<'bar', (number | null)[], string>;

/** The name of a session model, by index (the stats name every model; the fallback is for a damaged index). */
export function modelName(stats: Pick<SessionStats, 'models'>, model: number): string {
  return stats.models[model] ?? `Model ${model + 1}`;
}

/** An interval mark in percent, or nothing when the rate has no interval (n = 0). */
export function rateMark(datasetIndex: number, index: number, estimate: RateEstimate | undefined): IntervalMark[] {
  const ci = estimate?.ci;
  return ci ? [{ datasetIndex, index, low: ci.low * 100, high: ci.high * 100 }] : [];
}

export function pairTitle(stats: SessionStats, pair: Pick<PairStats, 'a' | 'b'>): string {
  return `${modelName(stats, pair.a)} vs ${modelName(stats, pair.b)}`;
}

/**
 * One pair as two stacked horizontal bars: every vote (a's wins, ties, both bad, b's wins, as shares of all
 * votes) and the decided votes only (a's wins and b's wins), on which the win rate and its Wilson interval
 * are defined; the interval is drawn on that bar, with the 50% line. Null for a pair the stats do not have.
 */
export function winRateChart(stats: SessionStats, pairIndex: number, options?: ChartBuildOptions): BarChartConfig | null {
  const pair = stats.overall.pairs[pairIndex];
  if (!pair) return null;
  const resolved = resolveOptions(options);
  const { theme } = resolved;
  const share = (k: number) => (pair.votes > 0 ? (k / pair.votes) * 100 : null);
  const rate = percent(pair.aWinRate.rate);
  const decided = pair.aWins + pair.bWins;
  const base = baseOptions(pairTitle(stats, pair), resolved);
  return {
    type: 'bar',
    data: {
      labels: [`All votes (n = ${pair.votes})`, `Decided (n = ${decided})`],
      datasets: [
        { label: `${modelName(stats, pair.a)} wins`, data: [share(pair.aWins), rate], backgroundColor: modelColor(pair.a) },
        { label: 'Ties', data: [share(pair.ties), null], backgroundColor: OUTCOME_COLORS.tie },
        { label: 'Both bad', data: [share(pair.bothBad), null], backgroundColor: OUTCOME_COLORS.bothBad },
        { label: `${modelName(stats, pair.b)} wins`, data: [share(pair.bWins), rate === null ? null : 100 - rate], backgroundColor: modelColor(pair.b) },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      aspectRatio: 3.2,
      scales: {
        x: { ...themedScale(theme, '% of votes (interval: 95% Wilson, on decided votes)'), stacked: true, min: 0, max: 100 },
        y: { ...categoryScale(theme), stacked: true },
      },
      plugins: {
        ...base.plugins,
        [INTERVAL_PLUGIN_ID]: { marks: rateMark(0, 1, pair.aWinRate), lines: [{ value: 50, label: '50%' }], color: theme.marks },
      },
    },
    plugins: [backgroundPlugin, intervalPlugin],
  };
}

/**
 * Win rate per category, with intervals. Two models: the first pair's (its first model's wins among decided
 * votes); three or more: each model's win rate against any other, one bar per model. Null without categories.
 */
export function categoryWinRates(stats: SessionStats, options?: ChartBuildOptions): BarChartConfig | null {
  if (stats.categories.length === 0) return null;
  const resolved = resolveOptions(options);
  const { theme } = resolved;
  const labels = stats.categories.map((c) => `${c.category} (n = ${c.votes})`);
  let datasets: BarChartConfig['data']['datasets'];
  let marks: IntervalMark[];
  let title: string;
  const firstPair = stats.overall.pairs[0];
  if (stats.models.length < 3 && firstPair) {
    const rates = stats.categories.map((c) => c.pairs.find((p) => p.a === firstPair.a && p.b === firstPair.b)?.aWinRate);
    datasets = [{ label: `${modelName(stats, firstPair.a)} win rate`, data: rates.map((r) => percent(r?.rate ?? null)), backgroundColor: modelColor(firstPair.a) }];
    marks = rates.flatMap((r, index) => rateMark(0, index, r));
    title = `Win rate by category: ${pairTitle(stats, firstPair)}`;
  } else {
    const perModel = stats.models.map((_, model) => stats.categories.map((c) => c.models.find((m) => m.model === model)?.winRate));
    datasets = perModel.map((rates, model) => ({
      label: modelName(stats, model),
      data: rates.map((r) => percent(r?.rate ?? null)),
      backgroundColor: modelColor(model),
    }));
    marks = perModel.flatMap((rates, model) => rates.flatMap((r, index) => rateMark(model, index, r)));
    title = 'Win rate by category (each model against any other)';
  }
  const base = baseOptions(title, resolved);
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      ...base,
      aspectRatio: 2,
      scales: { x: categoryScale(theme), y: { ...themedScale(theme, 'win rate, % of decided votes'), min: 0, max: 100 } },
      plugins: { ...base.plugins, [INTERVAL_PLUGIN_ID]: { marks, lines: [{ value: 50, label: '50%' }], color: theme.marks } },
    },
    plugins: [backgroundPlugin, intervalPlugin],
  };
}

/** Left-side wins against right-side wins among decided votes, the left rate's interval, and the 50% line. */
export function positionBiasChart(stats: SessionStats, options?: ChartBuildOptions): BarChartConfig {
  const resolved = resolveOptions(options);
  const { theme } = resolved;
  const { position } = stats;
  const rate = percent(position.leftWinRate.rate);
  const base = baseOptions('Position bias: left-side against right-side wins', resolved);
  return {
    type: 'bar',
    data: {
      labels: [`Decided (n = ${position.leftWinRate.n})`],
      datasets: [
        { label: 'Left side (A) wins', data: [rate], backgroundColor: SIDE_COLORS.left },
        { label: 'Right side (B) wins', data: [rate === null ? null : 100 - rate], backgroundColor: SIDE_COLORS.right },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      aspectRatio: 4,
      scales: {
        x: { ...themedScale(theme, '% of decided votes (interval: 95% Wilson)'), stacked: true, min: 0, max: 100 },
        y: { ...categoryScale(theme), stacked: true },
      },
      plugins: {
        ...base.plugins,
        [INTERVAL_PLUGIN_ID]: { marks: rateMark(0, 0, position.leftWinRate), lines: [{ value: 50, label: '50%' }], color: theme.marks },
      },
    },
    plugins: [backgroundPlugin, intervalPlugin],
  };
}
