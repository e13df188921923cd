import { describe, expect, it } from 'vitest';
import { formatCell, NO_DATA, reportTable, rowsOf, tableScopes, type TableCell, type TableRow } from '../../electron/services/report/report-table';
import type { MeanEstimate, ModelMetrics, RateEstimate, SessionStats } from '../../electron/shared/stats';
import { studyStats, threeModelStats } from './report-stats-builder';

const fromRate = (model: number, r: RateEstimate): TableCell =>
  r.rate === null ? { model, value: null, low: null, high: null, n: r.n } : { model, value: r.rate * 100, low: r.ci!.low * 100, high: r.ci!.high * 100, n: r.n };
const fromMean = (model: number, m: MeanEstimate, scale = 1): TableCell =>
  m.mean === null ? { model, value: null, low: null, high: null, n: m.n } : { model, value: m.mean * scale, low: m.ci === null ? null : m.ci.low * scale, high: m.ci === null ? null : m.ci.high * scale, n: m.n };

/** What each row's cell must hold, read from the stats directly (not through the table's code). */
function expectedCell(key: string, model: number, m: ModelMetrics | undefined): TableCell {
  if (m === undefined) return { model, value: null, low: null, high: null, n: 0 };
  if (key === 'votes') return { model, value: m.votes, low: null, high: null, n: m.votes };
  if (key === 'winRate') return fromRate(model, m.winRate);
  if (key === 'e2eMean') return fromMean(model, m.latency.e2eMs.mean, 1 / 1000);
  if (key === 'ttftMedian') return { model, value: m.latency.ttftMs.median, low: null, high: null, n: m.latency.ttftMs.n };
  if (key === 'decodeMedian') return { model, value: m.latency.decodeTokensPerS.median, low: null, high: null, n: m.latency.decodeTokensPerS.n };
  if (key === 'completeness') return fromMean(model, m.completeness, 100);
  return fromMean(model, m.scores[key.slice('score:'.length)]!);
}

function checkAgainst(stats: SessionStats): TableRow[] {
  const table = reportTable(stats);
  const scopes: { category: string | null; models: ModelMetrics[] }[] = [{ category: null, models: stats.overall.models }, ...stats.categories];
  expect(tableScopes(table)).toEqual(scopes.map((s) => s.category));
  for (const scope of scopes) {
    const rows = rowsOf(table, scope.category);
    const withCompleteness = scope.models.some((m) => m.completeness.n > 0);
    expect(rows.map((r) => r.key)).toEqual(['votes', 'winRate', 'e2eMean', 'ttftMedian', 'decodeMedian', ...stats.dimensions.map((d) => `score:${d}`), ...(withCompleteness ? ['completeness'] : [])]);
    for (const row of rows) {
      expect(row.cells).toEqual(stats.models.map((_, model) => expectedCell(row.key, model, scope.models.find((m) => m.model === model))));
    }
  }
  return table.rows;
}

describe('the report table', () => {
  it('holds, in every cell, the estimate, interval and n of the stats it came from (two models, three task types)', () => {
    const rows = checkAgainst(studyStats());
    // the study's own figures, where it reported them: latency 1.8 s vs 2.1 s; accuracy 4.6 vs 4.1; fluency 4.7 vs 4.3
    const overall = rows.filter((r) => r.category === null);
    expect(overall.find((r) => r.key === 'score:accuracy')!.cells.map((c) => c.value)).toEqual([4.6, 4.1]);
    expect(overall.find((r) => r.key === 'score:fluency')!.cells.map((c) => c.value)).toEqual([4.7, 4.3]);
  });

  it('has one column per model with N models, and no data where a model has none in a category', () => {
    const stats = threeModelStats();
    const rows = checkAgainst(stats);
    const reasoning = rows.filter((r) => r.category === 'logical reasoning');
    expect(reasoning.every((r) => r.cells.length === 3 && r.cells[2]!.value === null && r.cells[2]!.n === 0)).toBe(true);
  });

  it('shows completeness only in scopes with key points', () => {
    const rows = reportTable(studyStats()).rows;
    expect(rows.filter((r) => r.key === 'completeness').map((r) => r.category)).toEqual([null, 'long-context summary']);
  });

  it('formats cells with interval and n, and a dash without data', () => {
    expect(formatCell('score', { model: 0, value: 4.6, low: 4.3, high: 4.94, n: 20 })).toBe('4.6 (4.3–4.9, n=20)');
    expect(formatCell('percent', { model: 0, value: 62.4, low: 51.2, high: 71.6, n: 80 })).toBe('62% (51–72%, n=80)');
    expect(formatCell('seconds', { model: 0, value: 1.8, low: 1.62, high: 1.985, n: 20 })).toBe('1.80 (1.62–1.99, n=20)');
    expect(formatCell('milliseconds', { model: 0, value: 212.4, low: null, high: null, n: 20 })).toBe('212 (n=20)');
    expect(formatCell('tokensPerSecond', { model: 0, value: 48.25, low: null, high: null, n: 7 })).toBe('48.3 (n=7)');
    expect(formatCell('score', { model: 0, value: 4, low: null, high: null, n: 1 })).toBe('4.0 (n=1)');
    expect(formatCell('count', { model: 0, value: 60, low: null, high: null, n: 60 })).toBe('60');
    expect(formatCell('score', { model: 0, value: null, low: null, high: null, n: 0 })).toBe(NO_DATA);
    expect(formatCell('score', { model: 0, value: -0.01, low: -0.3, high: 0.2, n: 9 })).toBe('0.0 (-0.3–0.2, n=9)');
  });

  it('formats the study table as the report shows it', () => {
    const rows = rowsOf(reportTable(studyStats()), null);
    const text = Object.fromEntries(rows.map((r) => [r.metric, r.cells.map((c) => formatCell(r.unit, c))]));
    expect(text).toEqual({
      Votes: ['60', '60'],
      'Win rate (of decided votes)': ['67% (56–76%, n=54)', '33% (22–42%, n=54)'],
      'Mean E2E latency (s)': ['1.89 (1.71–2.09, n=61)', '2.21 (2.00–2.44, n=61)'],
      'Median TTFT (ms)': ['200 (n=61)', '233 (n=61)'],
      'Median decode speed (tok/s)': ['50.0 (n=61)', '42.9 (n=61)'],
      'accuracy (mean score, 0–5)': ['4.6 (4.3–4.9, n=40)', '4.1 (3.8–4.4, n=39)'],
      'fluency (mean score, 0–5)': ['4.7 (4.4–5.0, n=40)', '4.3 (4.0–4.6, n=39)'],
      'Key-point completeness (%)': ['93% (88–99%, n=20)', '78% (n=1)'],
    });
  });
});
