// The study's table (issue 10, the report): one row per metric, one column per model, overall and per category,
// as the seed study reported it (latency, accuracy, fluency, summary completeness) but with every estimate's 95%
// interval and n. One definition of each number: the Markdown and table.csv both format these rows, and a test
// holds every cell to the SessionStats it came from.
import type { Distribution, MeanEstimate, ModelMetrics, RateEstimate, SessionStats } from '../../shared/stats';

/** The unit a row's values are in (already scaled: percent rows hold 0–100, seconds rows hold seconds). */
export type MetricUnit = 'count' | 'percent' | 'seconds' | 'milliseconds' | 'tokensPerSecond' | 'score';

export type MetricKey = 'votes' | 'winRate' | 'e2eMean' | 'ttftMedian' | 'decodeMedian' | 'completeness' | `score:${string}`;

export interface TableCell {
  /** The model's index in stats.models. */
  model: number;
  /** The estimate, in the row's unit; null where there is no data. */
  value: number | null;
  /** Its 95% interval, null where there is none (no data, a single value, or a median). */
  low: number | null;
  high: number | null;
  /** How many values (votes, decided votes, answers, scores) the estimate rests on. */
  n: number;
}

export interface TableRow {
  key: MetricKey;
  /** The row's label, with its unit: "Mean E2E latency (s)". */
  metric: string;
  /** null: overall; else the category's name. */
  category: string | null;
  unit: MetricUnit;
  /** One per model, in stats.models order. */
  cells: TableCell[];
}

export interface ReportTable {
  models: readonly string[];
  /** Overall first, then each category in the stats' order; within a scope, rows in METRIC order. */
  rows: TableRow[];
}

/** The scope column's word for the whole session. */
export const OVERALL = 'overall';

/** Shown where a cell has no data. */
export const NO_DATA = '—';

const EMPTY_RATE: RateEstimate = { k: 0, n: 0, rate: null, ci: null };
const EMPTY_MEAN: MeanEstimate = { n: 0, mean: null, sd: null, ci: null };

function rateCell(model: number, estimate: RateEstimate): TableCell {
  if (estimate.rate === null || estimate.n === 0) return { model, value: null, low: null, high: null, n: estimate.n };
  return { model, value: estimate.rate * 100, low: estimate.ci === null ? null : estimate.ci.low * 100, high: estimate.ci === null ? null : estimate.ci.high * 100, n: estimate.n };
}

function meanCell(model: number, estimate: MeanEstimate, scale = 1): TableCell {
  if (estimate.mean === null || estimate.n === 0) return { model, value: null, low: null, high: null, n: estimate.n };
  return {
    model,
    value: estimate.mean * scale,
    low: estimate.ci === null ? null : estimate.ci.low * scale,
    high: estimate.ci === null ? null : estimate.ci.high * scale,
    n: estimate.n,
  };
}

function medianCell(model: number, distribution: Distribution): TableCell {
  return { model, value: distribution.n === 0 ? null : distribution.median, low: null, high: null, n: distribution.n };
}

interface MetricDefinition {
  key: MetricKey;
  metric: string;
  unit: MetricUnit;
  cell: (model: number, metrics: ModelMetrics | undefined) => TableCell;
}

const noMetrics = (model: number): TableCell => ({ model, value: null, low: null, high: null, n: 0 });

function metricDefinitions(dimensions: readonly string[]): MetricDefinition[] {
  return [
    { key: 'votes', metric: 'Votes', unit: 'count', cell: (model, m) => (m === undefined ? noMetrics(model) : { model, value: m.votes, low: null, high: null, n: m.votes }) },
    { key: 'winRate', metric: 'Win rate (of decided votes)', unit: 'percent', cell: (model, m) => rateCell(model, m?.winRate ?? EMPTY_RATE) },
    { key: 'e2eMean', metric: 'Mean E2E latency (s)', unit: 'seconds', cell: (model, m) => (m === undefined ? noMetrics(model) : meanCell(model, m.latency.e2eMs.mean, 1 / 1000)) },
    { key: 'ttftMedian', metric: 'Median TTFT (ms)', unit: 'milliseconds', cell: (model, m) => (m === undefined ? noMetrics(model) : medianCell(model, m.latency.ttftMs)) },
    { key: 'decodeMedian', metric: 'Median decode speed (tok/s)', unit: 'tokensPerSecond', cell: (model, m) => (m === undefined ? noMetrics(model) : medianCell(model, m.latency.decodeTokensPerS)) },
    ...dimensions.map(
      (dimension): MetricDefinition => ({
        key: `score:${dimension}`,
        metric: `${dimension} (mean score, 0–5)`,
        unit: 'score',
        cell: (model, m) => meanCell(model, (m !== undefined && Object.hasOwn(m.scores, dimension) ? m.scores[dimension] : undefined) ?? EMPTY_MEAN),
      }),
    ),
    { key: 'completeness', metric: 'Key-point completeness (%)', unit: 'percent', cell: (model, m) => meanCell(model, m?.completeness ?? EMPTY_MEAN, 100) },
  ];
}

function scopeRows(stats: SessionStats, category: string | null, metrics: readonly ModelMetrics[], definitions: readonly MetricDefinition[]): TableRow[] {
  const byModel = new Map(metrics.map((m) => [m.model, m]));
  // Key-point completeness only where a prompt of this scope had key points (the study's summaries).
  const anyCompleteness = metrics.some((m) => m.completeness.n > 0);
  return definitions
    .filter((d) => d.key !== 'completeness' || anyCompleteness)
    .map((d) => ({ key: d.key, metric: d.metric, category, unit: d.unit, cells: stats.models.map((_, model) => d.cell(model, byModel.get(model))) }));
}

/** The table of `stats`: overall, then per category. */
export function reportTable(stats: SessionStats): ReportTable {
  const definitions = metricDefinitions(stats.dimensions);
  const rows = [...scopeRows(stats, null, stats.overall.models, definitions)];
  for (const category of stats.categories) rows.push(...scopeRows(stats, category.category, category.models, definitions));
  return { models: stats.models, rows };
}

/** The scopes of a table in order: null (overall) first, then the categories. */
export function tableScopes(table: ReportTable): (string | null)[] {
  const scopes: (string | null)[] = [];
  for (const row of table.rows) if (!scopes.includes(row.category)) scopes.push(row.category);
  return scopes;
}

export function rowsOf(table: ReportTable, category: string | null): TableRow[] {
  return table.rows.filter((row) => row.category === category);
}

const DECIMALS: Record<MetricUnit, number> = { count: 0, percent: 0, seconds: 2, milliseconds: 0, tokensPerSecond: 1, score: 1 };
const SUFFIX: Record<MetricUnit, string> = { count: '', percent: '%', seconds: '', milliseconds: '', tokensPerSecond: '', score: '' };

/** A number as the table shows it in `unit` (no unit suffix). */
export function formatNumber(value: number, unit: MetricUnit): string {
  const text = value.toFixed(DECIMALS[unit]);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text; // no "-0.0" for a tiny negative
}

/**
 * A cell as the report shows it: `4.6 (4.3–4.9, n=20)`, `62% (51–72%, n=80)`, `1.80 (n=1)` without an interval,
 * `20` for a count, `—` without data.
 */
export function formatCell(unit: MetricUnit, cell: TableCell): string {
  if (cell.value === null) return NO_DATA;
  const suffix = SUFFIX[unit];
  const value = `${formatNumber(cell.value, unit)}${suffix}`;
  if (unit === 'count') return value;
  const interval = cell.low !== null && cell.high !== null ? `${formatNumber(cell.low, unit)}–${formatNumber(cell.high, unit)}${suffix}, ` : '';
  return `${value} (${interval}n=${cell.n})`;
}

/** The scope column's text for a row's category. */
export function scopeName(category: string | null): string {
  return category ?? OVERALL;
}
