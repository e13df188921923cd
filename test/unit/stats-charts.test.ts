import { BoxAndWiskers, BoxPlotController } from '@sgratzl/chartjs-chart-boxplot';
import { createCanvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, Tooltip, type ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import {
  bradleyTerryChart,
  categoryWinRates,
  CHART_IDS,
  chartFileName,
  chartsFor,
  DARK_THEME,
  INTERVAL_PLUGIN_ID,
  latencyBoxPlot,
  modelColor,
  pairChartId,
  positionBiasChart,
  scoresChart,
  winRateChart,
  type StatsChartConfig,
} from '../../electron/shared/stats-charts';
import type { Distribution, MeanEstimate, ModelMetrics, PairStats, RateEstimate, SessionStats } from '../../electron/shared/stats';

// ─── builders: stats as the service would send them, with round numbers to check against ──────────────────────

const rate = (k: number, n: number, low: number, high: number): RateEstimate => ({ k, n, rate: n ? k / n : null, ci: n ? { low, high } : null });
const mean = (n: number, m: number | null, low?: number, high?: number): MeanEstimate => ({
  n,
  mean: m,
  sd: n > 1 ? 1 : null,
  ci: low === undefined || high === undefined ? null : { low, high },
});
const EMPTY_DIST: Distribution = {
  n: 0, min: null, q1: null, median: null, q3: null, p90: null, max: null, whiskerLow: null, whiskerHigh: null, outliers: [], mean: mean(0, null),
};
const dist = (base: number): Distribution => ({
  n: 20, min: base, q1: base + 10, median: base + 20, q3: base + 30, p90: base + 45, max: base + 200,
  whiskerLow: base, whiskerHigh: base + 60, outliers: [base + 200, base + 150], mean: mean(20, base + 25, base + 20, base + 30),
});

function metrics(model: number, overrides: Partial<ModelMetrics> = {}): ModelMetrics {
  return {
    model, votes: 10, wins: 6, losses: 3, ties: 1, bothBad: 0, winRate: rate(6, 9, 0.35, 0.87),
    latency: { ttftMs: dist(100 * (model + 1)), decodeTokensPerS: dist(40), e2eMs: dist(2000) },
    scores: { helpfulness: mean(8, 3.5 + model / 4, 3.1, 4.2), accuracy: mean(1, 2, undefined, undefined) },
    completeness: mean(0, null),
    ...overrides,
  };
}

function pair(a: number, b: number, overrides: Partial<PairStats> = {}): PairStats {
  return {
    a, b, votes: 12, aWins: 6, bWins: 3, ties: 2, bothBad: 1, aWinRate: rate(6, 9, 0.35, 0.87), signTestP: 0.51,
    tieRate: rate(2, 12, 0.05, 0.45), bothBadRate: rate(1, 12, 0.01, 0.35), moreVotesNeeded: 30,
    verdict: { kind: 'indistinguishable', text: 'Not distinguishable yet.' }, scoreDifference: {}, completenessDifference: mean(0, null),
    ...overrides,
  };
}

function twoModelStats(): SessionStats {
  const overall = { models: [metrics(0), metrics(1, { latency: { ttftMs: EMPTY_DIST, decodeTokensPerS: dist(30), e2eMs: dist(1500) } })], pairs: [pair(0, 1)] };
  return {
    sessionId: 's1', models: ['Qwen 7B', 'Llama 8B'], dimensions: ['helpfulness', 'accuracy'], comparisons: 14, votes: 12, overall,
    categories: [
      { category: 'coding', votes: 8, models: overall.models, pairs: [pair(0, 1, { aWinRate: rate(4, 6, 0.3, 0.9) })] },
      { category: 'uncategorised', votes: 4, models: overall.models, pairs: [pair(0, 1, { aWinRate: rate(0, 0, 0, 0) })] },
    ],
    position: { leftWins: 5, rightWins: 4, leftWinRate: rate(5, 9, 0.27, 0.81), signTestP: 1 },
    consistency: { pairs: 0, consistent: rate(0, 0, 0, 0), sameSide: rate(0, 0, 0, 0) },
    bradleyTerry: null, verdict: 'Not distinguishable yet.', at: '2025-01-01T00:00:00.000Z',
  };
}

function threeModelStats(): SessionStats {
  const stats = twoModelStats();
  const models = [metrics(0), metrics(1), metrics(2, { winRate: rate(2, 8, 0.07, 0.59) })];
  return {
    ...stats,
    models: ['A', 'B', 'C'],
    overall: { models, pairs: [pair(0, 1), pair(0, 2), pair(1, 2, { votes: 0, aWins: 0, bWins: 0, ties: 0, bothBad: 0, aWinRate: rate(0, 0, 0, 0) })] },
    categories: [{ category: 'coding', votes: 12, models, pairs: [] }],
    bradleyTerry: {
      ratings: [
        { model: 0, rating: 980, ci: { low: 930, high: 1020 }, rank: 2 },
        { model: 1, rating: 1075, ci: { low: 1010, high: 1150 }, rank: 1 },
        { model: 2, rating: 945, ci: { low: 880, high: 1001 }, rank: 2 },
      ],
      resamples: 1000, seed: 7, votes: 24,
    },
  };
}

const marksOf = (config: StatsChartConfig) => config.options?.plugins?.[INTERVAL_PLUGIN_ID]?.marks ?? [];
const linesOf = (config: StatsChartConfig) => config.options?.plugins?.[INTERVAL_PLUGIN_ID]?.lines ?? [];

describe('the stats chart definitions', () => {
  it('draw a pair as every vote and the decided votes, with the win rate interval and the 50% line', () => {
    const config = winRateChart(twoModelStats(), 0)!;
    expect(config.type).toBe('bar');
    expect(config.options?.indexAxis).toBe('y');
    expect(config.data.labels).toEqual(['All votes (n = 12)', 'Decided (n = 9)']);
    const [wins, ties, bothBad, losses] = config.data.datasets;
    expect(wins!.label).toBe('Qwen 7B wins');
    expect(losses!.label).toBe('Llama 8B wins');
    expect(wins!.data[0]).toBeCloseTo(50);
    expect(ties!.data).toEqual([expect.closeTo(16.667, 2), null]);
    expect(bothBad!.data[0]).toBeCloseTo(8.333, 2);
    expect(losses!.data[0]).toBeCloseTo(25);
    expect(wins!.data[1]).toBeCloseTo(66.667, 2);
    expect(losses!.data[1]).toBeCloseTo(33.333, 2);
    expect(wins!.backgroundColor).toBe(modelColor(0));
    expect(marksOf(config)).toEqual([{ datasetIndex: 0, index: 1, low: expect.closeTo(35), high: expect.closeTo(87) }]);
    expect(linesOf(config)).toEqual([{ value: 50, label: '50%' }]);
    expect(winRateChart(twoModelStats(), 5)).toBeNull();
  });

  it('leave the decided bar and its interval empty before any vote is decided', () => {
    const stats = twoModelStats();
    stats.overall.pairs[0] = pair(0, 1, { votes: 2, aWins: 0, bWins: 0, ties: 2, bothBad: 0, aWinRate: rate(0, 0, 0, 0) });
    const config = winRateChart(stats, 0)!;
    expect(config.data.datasets[0]!.data).toEqual([0, null]);
    expect(config.data.datasets[3]!.data).toEqual([0, null]);
    expect(marksOf(config)).toEqual([]);
  });

  it('make one box per model from the precomputed distribution, and no box for a model without timings', () => {
    const config = latencyBoxPlot(twoModelStats(), 'ttftMs');
    expect(config.type).toBe('boxplot');
    expect(config.data.labels).toEqual(['Qwen 7B (n = 20)', 'Llama 8B (n = 0)']);
    expect(config.data.datasets[0]!.data).toEqual([
      { min: 100, q1: 110, median: 120, q3: 130, max: 300, whiskerMin: 100, whiskerMax: 160, mean: 125, outliers: [300, 250], items: [] },
      null,
    ]);
    expect(latencyBoxPlot(twoModelStats(), 'decodeTokensPerS').options?.plugins?.title?.text).toBe('Decode speed (tokens/s)');
  });

  it('give mean scores per dimension and model, with intervals only where there are two scores', () => {
    const config = scoresChart(twoModelStats())!;
    expect(config.data.labels).toEqual(['helpfulness', 'accuracy']);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['Qwen 7B', 'Llama 8B']);
    expect(config.data.datasets[1]!.data).toEqual([3.75, 2]);
    expect(marksOf(config)).toEqual([
      { datasetIndex: 0, index: 0, low: 3.1, high: 4.2 },
      { datasetIndex: 1, index: 0, low: 3.1, high: 4.2 },
    ]);
    expect(scoresChart({ ...twoModelStats(), dimensions: [] })).toBeNull();
  });

  it('give the first pair per category with two models, and each model per category with three', () => {
    const two = categoryWinRates(twoModelStats())!;
    expect(two.data.labels).toEqual(['coding (n = 8)', 'uncategorised (n = 4)']);
    expect(two.data.datasets).toHaveLength(1);
    expect(two.data.datasets[0]!.data).toEqual([expect.closeTo(66.667, 2), null]);
    expect(marksOf(two)).toEqual([{ datasetIndex: 0, index: 0, low: expect.closeTo(30), high: expect.closeTo(90) }]);

    const three = categoryWinRates(threeModelStats())!;
    expect(three.data.datasets.map((d) => d.label)).toEqual(['A', 'B', 'C']);
    expect(three.data.datasets[2]!.data).toEqual([25]);
    expect(marksOf(three)[2]).toEqual({ datasetIndex: 2, index: 0, low: expect.closeTo(7), high: expect.closeTo(59) });
    expect(categoryWinRates({ ...twoModelStats(), categories: [] })).toBeNull();
  });

  it('set left against right wins with the left rate interval and the 50% line', () => {
    const config = positionBiasChart(twoModelStats());
    expect(config.data.labels).toEqual(['Decided (n = 9)']);
    expect(config.data.datasets[0]!.data[0]).toBeCloseTo(55.556, 2);
    expect(config.data.datasets[1]!.data[0]).toBeCloseTo(44.444, 2);
    expect(marksOf(config)).toEqual([{ datasetIndex: 0, index: 0, low: expect.closeTo(27), high: expect.closeTo(81) }]);
    expect(linesOf(config)[0]!.value).toBe(50);
  });

  it('sort the Bradley-Terry ratings best first, from the 1000 anchor, keeping each model its colour', () => {
    expect(bradleyTerryChart(twoModelStats())).toBeNull();
    const config = bradleyTerryChart(threeModelStats())!;
    expect(config.data.labels).toEqual(['B', 'A', 'C']);
    const [dataset] = config.data.datasets;
    expect(dataset!.data).toEqual([1075, 980, 945]);
    expect((dataset as { base?: number }).base).toBe(1000);
    expect(dataset!.backgroundColor).toEqual([modelColor(1), modelColor(0), modelColor(2)]);
    expect(marksOf(config).map((m) => [m.low, m.high])).toEqual([[1010, 1150], [930, 1020], [880, 1001]]);
    const x = config.options?.scales?.x as { min: number; max: number };
    expect(x.min).toBeLessThanOrEqual(880);
    expect(x.max).toBeGreaterThanOrEqual(1150);
  });

  it('list every chart that applies, with stable ids', () => {
    expect(chartsFor(twoModelStats()).map((c) => c.id)).toEqual([
      'win-rates-1-vs-2', CHART_IDS.latency.ttftMs, CHART_IDS.latency.decodeTokensPerS, CHART_IDS.latency.e2eMs, 'scores', 'categories', 'position-bias',
    ]);
    const three = chartsFor(threeModelStats()).map((c) => c.id);
    expect(three.slice(0, 3)).toEqual([pairChartId({ a: 0, b: 1 }), pairChartId({ a: 0, b: 2 }), CHART_IDS.bradleyTerry]);
    const empty = twoModelStats();
    empty.votes = 0;
    empty.overall.pairs[0] = pair(0, 1, { votes: 0 });
    empty.overall.models = empty.overall.models.map((m) => metrics(m.model, { latency: { ttftMs: EMPTY_DIST, decodeTokensPerS: EMPTY_DIST, e2eMs: EMPTY_DIST }, scores: {} }));
    empty.position.leftWinRate = rate(0, 0, 0, 0);
    expect(chartsFor(empty)).toEqual([]);
    expect(chartFileName('Qwen vs Llama, März!', 'scores')).toBe('qwen-vs-llama-marz-scores.png');
    expect(chartFileName('***', 'scores')).toBe('session-scores.png');
  });

  it('turn animation off and take the theme when asked', () => {
    for (const { config } of chartsFor(threeModelStats(), { animation: false, theme: DARK_THEME })) {
      expect(config.options?.animation).toBe(false);
      expect(config.options?.plugins?.title?.color).toBe(DARK_THEME.text);
    }
    expect(chartsFor(threeModelStats()).every((c) => c.config.options?.animation === undefined)).toBe(true);
  });

  it('render in Node on @napi-rs/canvas, as the report draws them', () => {
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title, Tooltip, BoxPlotController, BoxAndWiskers);
    for (const { config } of chartsFor(threeModelStats(), { animation: false, responsive: false })) {
      const canvas = createCanvas(600, 400);
      const chart = new Chart(canvas as unknown as HTMLCanvasElement, config as unknown as ChartConfiguration);
      const png = canvas.toBuffer('image/png');
      chart.destroy();
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });
});
