// The stats CSV export (issue 10): every estimate of a session's statistics, one row each, for scripts and
// spreadsheets. The same conventions as the CSV export (csv-export.ts): RFC 4180, CRLF, a UTF-8 BOM, every text
// cell neutralised (csvLine). Values are in the statistics' own units (rates 0–1, latency in ms, scores 0–5), at
// full precision; the report's table.csv is the rounded, human-readable one.
//
// Columns, in this order (names are stable; scripts read them):
//   session_id, session_name,
//   scope: "overall" or a category's name,
//   kind: model (one model's figures), pair (two models head to head; a is the session's earlier model),
//     position (left side against right), consistency (hidden repeats), bradley-terry (three or more models),
//   model_a, model_b: the models (model_b only for a pair; neither for position and consistency),
//   metric, value, ci_low, ci_high (the 95% interval, where there is one), n (what it rests on),
//   p_value (the exact sign test, on a pair's a_win_rate and position's left_win_rate).
// Metrics by kind:
//   model: votes, wins, losses, ties, both_bad, win_rate; <ttft_ms|decode_tok_s|e2e_ms>_<mean|sd|min|q1|median|
//     q3|p90|max>; score_<dimension> (mean; one per session dimension); completeness (mean share of key points).
//   pair: votes, a_wins, b_wins, ties, both_bad, a_win_rate, tie_rate, both_bad_rate, more_votes_needed,
//     score_diff_<dimension> (mean of a's score − b's), completeness_diff.
//   position: left_wins, right_wins, left_win_rate. consistency: pairs, consistent, same_side.
//   bradley-terry: rating (Elo scale, bootstrap interval; n: the votes fitted), rank.
import type { Distribution, LatencyMetric, MeanEstimate, ModelMetrics, PairStats, RateEstimate, SessionStats } from '../../shared/stats';
import { statsOfSession } from '../stats/session-stats';
import type { CsvCell } from './csv-cells';
import { csvLine, UTF8_BOM } from './csv-line';
import type { ExportSink } from './export-sink';
import type { ExportSource } from './export-source';

export const STATS_COLUMNS = ['session_id', 'session_name', 'scope', 'kind', 'model_a', 'model_b', 'metric', 'value', 'ci_low', 'ci_high', 'n', 'p_value'] as const;

export type StatsKind = 'model' | 'pair' | 'position' | 'consistency' | 'bradley-terry';

export interface StatsRow {
  scope: string;
  kind: StatsKind;
  modelA: string | null;
  modelB: string | null;
  metric: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
  pValue: number | null;
}

/** The scope of the whole session (a category is named by itself). */
export const OVERALL_SCOPE = 'overall';

const LATENCY_NAMES: Record<LatencyMetric, string> = { ttftMs: 'ttft_ms', decodeTokensPerS: 'decode_tok_s', e2eMs: 'e2e_ms' };
const DISTRIBUTION_FIELDS = ['min', 'q1', 'median', 'q3', 'p90', 'max'] as const;

type Base = Pick<StatsRow, 'scope' | 'kind' | 'modelA' | 'modelB'>;

function count(base: Base, metric: string, value: number, n: number | null = null): StatsRow {
  return { ...base, metric, value, ciLow: null, ciHigh: null, n, pValue: null };
}

function rate(base: Base, metric: string, estimate: RateEstimate, pValue: number | null = null): StatsRow {
  return { ...base, metric, value: estimate.rate, ciLow: estimate.ci?.low ?? null, ciHigh: estimate.ci?.high ?? null, n: estimate.n, pValue };
}

function mean(base: Base, metric: string, estimate: MeanEstimate): StatsRow {
  return { ...base, metric, value: estimate.mean, ciLow: estimate.ci?.low ?? null, ciHigh: estimate.ci?.high ?? null, n: estimate.n, pValue: null };
}

function distributionRows(base: Base, name: string, d: Distribution): StatsRow[] {
  return [
    mean(base, `${name}_mean`, d.mean),
    { ...base, metric: `${name}_sd`, value: d.mean.sd, ciLow: null, ciHigh: null, n: d.mean.n, pValue: null },
    ...DISTRIBUTION_FIELDS.map((field) => ({ ...base, metric: `${name}_${field}`, value: d[field], ciLow: null, ciHigh: null, n: d.n, pValue: null })),
  ];
}

const EMPTY_MEAN: MeanEstimate = { n: 0, mean: null, sd: null, ci: null };

function named(stats: SessionStats, model: number): string {
  return stats.models[model] ?? `model ${model + 1}`;
}

function modelRows(stats: SessionStats, scope: string, m: ModelMetrics): StatsRow[] {
  const base: Base = { scope, kind: 'model', modelA: named(stats, m.model), modelB: null };
  return [
    count(base, 'votes', m.votes, m.votes),
    count(base, 'wins', m.wins, m.votes),
    count(base, 'losses', m.losses, m.votes),
    count(base, 'ties', m.ties, m.votes),
    count(base, 'both_bad', m.bothBad, m.votes),
    rate(base, 'win_rate', m.winRate),
    ...(Object.keys(LATENCY_NAMES) as LatencyMetric[]).flatMap((metric) => distributionRows(base, LATENCY_NAMES[metric], m.latency[metric])),
    ...stats.dimensions.map((dimension) => mean(base, `score_${dimension}`, (Object.hasOwn(m.scores, dimension) ? m.scores[dimension] : undefined) ?? EMPTY_MEAN)),
    mean(base, 'completeness', m.completeness),
  ];
}

function pairRows(stats: SessionStats, scope: string, p: PairStats): StatsRow[] {
  const base: Base = { scope, kind: 'pair', modelA: named(stats, p.a), modelB: named(stats, p.b) };
  return [
    count(base, 'votes', p.votes, p.votes),
    count(base, 'a_wins', p.aWins, p.votes),
    count(base, 'b_wins', p.bWins, p.votes),
    count(base, 'ties', p.ties, p.votes),
    count(base, 'both_bad', p.bothBad, p.votes),
    rate(base, 'a_win_rate', p.aWinRate, p.signTestP),
    rate(base, 'tie_rate', p.tieRate),
    rate(base, 'both_bad_rate', p.bothBadRate),
    { ...base, metric: 'more_votes_needed', value: p.moreVotesNeeded, ciLow: null, ciHigh: null, n: p.votes, pValue: null },
    ...stats.dimensions.map((dimension) => mean(base, `score_diff_${dimension}`, (Object.hasOwn(p.scoreDifference, dimension) ? p.scoreDifference[dimension] : undefined) ?? EMPTY_MEAN)),
    mean(base, 'completeness_diff', p.completenessDifference),
  ];
}

/** Every estimate of `stats`, in a stable order: overall (models, pairs, position, consistency, Bradley-Terry), then each category. */
export function statsRows(stats: SessionStats): StatsRow[] {
  const rows: StatsRow[] = [];
  for (const m of stats.overall.models) rows.push(...modelRows(stats, OVERALL_SCOPE, m));
  for (const p of stats.overall.pairs) rows.push(...pairRows(stats, OVERALL_SCOPE, p));
  const position: Base = { scope: OVERALL_SCOPE, kind: 'position', modelA: null, modelB: null };
  rows.push(
    count(position, 'left_wins', stats.position.leftWins, stats.position.leftWinRate.n),
    count(position, 'right_wins', stats.position.rightWins, stats.position.leftWinRate.n),
    rate(position, 'left_win_rate', stats.position.leftWinRate, stats.position.signTestP),
  );
  const consistency: Base = { scope: OVERALL_SCOPE, kind: 'consistency', modelA: null, modelB: null };
  rows.push(count(consistency, 'pairs', stats.consistency.pairs, stats.consistency.pairs), rate(consistency, 'consistent', stats.consistency.consistent), rate(consistency, 'same_side', stats.consistency.sameSide));
  if (stats.bradleyTerry !== null) {
    for (const r of stats.bradleyTerry.ratings) {
      const base: Base = { scope: OVERALL_SCOPE, kind: 'bradley-terry', modelA: named(stats, r.model), modelB: null };
      rows.push({ ...base, metric: 'rating', value: r.rating, ciLow: r.ci.low, ciHigh: r.ci.high, n: stats.bradleyTerry.votes, pValue: null }, count(base, 'rank', r.rank, stats.bradleyTerry.votes));
    }
  }
  for (const category of stats.categories) {
    for (const m of category.models) rows.push(...modelRows(stats, category.category, m));
    for (const p of category.pairs) rows.push(...pairRows(stats, category.category, p));
  }
  return rows;
}

/** One row's cells, in STATS_COLUMNS order. */
export function statsCells(session: Pick<ExportSource, 'id' | 'name'>, row: StatsRow): CsvCell[] {
  return [session.id, session.name, row.scope, row.kind, row.modelA, row.modelB, row.metric, row.value, row.ciLow, row.ciHigh, row.n, row.pValue];
}

/** Streams the stats CSV of `sources` into `sink`: the header (after the BOM), then each session's rows. */
export async function writeStats(sink: ExportSink, sources: readonly ExportSource[]): Promise<void> {
  await sink.write(UTF8_BOM + csvLine(STATS_COLUMNS));
  for (const source of sources) {
    const rows = statsRows(statsOfSession(source));
    let text = '';
    for (const row of rows) text += csvLine(statsCells(source, row));
    await sink.write(text);
    sink.rows += rows.length;
  }
}
