import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { ExportSink } from '../../electron/services/export/export-sink';
import type { ExportSource } from '../../electron/services/export/export-source';
import { STATS_COLUMNS, statsRows, writeStats, type StatsRow } from '../../electron/services/export/stats-export';
import type { SessionStats } from '../../electron/shared/stats';
import { studyStats, threeModelStats } from './report-stats-builder';

// writeStats computes each source's stats with the lead's statsOfSession (over the session's index); here the
// stats are hand-built, so every row can be held to them. test/integration/pairwise-cli.test.ts runs it for real.
const statsById = new Map<string, SessionStats>();
vi.mock('../../electron/services/stats/session-stats', () => ({
  statsOfSession: (source: { id: string }) => statsById.get(source.id)!,
}));

function sourceFor(stats: SessionStats, name: string): ExportSource {
  statsById.set(stats.sessionId, stats);
  return { id: stats.sessionId, name } as unknown as ExportSource;
}

async function exported(sources: ExportSource[]): Promise<{ text: string; rows: Record<string, string>[]; sink: ExportSink }> {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const sink = new ExportSink(stream);
  await writeStats(sink, sources);
  const text = Buffer.concat(chunks).toString('utf8');
  const records = parse(text, { bom: true, record_delimiter: '\r\n' }) as string[][];
  // The strictest readers (Excel, Python's csv) end a row at any unquoted CR or LF: the same rows for them.
  expect(parse(text, { bom: true, record_delimiter: ['\r\n', '\n', '\r'] })).toEqual(records);
  const [header, ...rows] = records;
  expect(header).toEqual([...STATS_COLUMNS]);
  return { text, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))), sink };
}

const cell = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

function find(rows: Record<string, string>[], where: Partial<Record<(typeof STATS_COLUMNS)[number], string>>): Record<string, string> {
  const found = rows.filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));
  expect(found, JSON.stringify(where)).toHaveLength(1);
  return found[0]!;
}

describe('the stats CSV export', () => {
  it('writes one row per estimate, with its interval, n and p value, in the stats’ own units and full precision', async () => {
    const stats = threeModelStats();
    const { text, rows, sink } = await exported([sourceFor(stats, 'Study')]);
    expect(text.startsWith(`\uFEFF${STATS_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(sink.rows).toBe(rows.length);
    expect(rows).toHaveLength(statsRows(stats).length);
    expect(new Set(rows.map((r) => r.session_id))).toEqual(new Set([stats.sessionId]));

    const q3 = stats.overall.models[0]!;
    const win = find(rows, { scope: 'overall', kind: 'model', model_a: stats.models[0]!, metric: 'win_rate' });
    expect([win.value, win.ci_low, win.ci_high, win.n, win.p_value, win.model_b]).toEqual([cell(q3.winRate.rate), cell(q3.winRate.ci!.low), cell(q3.winRate.ci!.high), cell(q3.winRate.n), '', '']);
    const e2e = find(rows, { scope: 'overall', kind: 'model', model_a: stats.models[0]!, metric: 'e2e_ms_mean' });
    expect([e2e.value, e2e.ci_low, e2e.ci_high, e2e.n]).toEqual([cell(q3.latency.e2eMs.mean.mean), cell(q3.latency.e2eMs.mean.ci!.low), cell(q3.latency.e2eMs.mean.ci!.high), '61']);
    expect(find(rows, { scope: 'overall', kind: 'model', model_a: stats.models[0]!, metric: 'ttft_ms_p90' }).value).toBe(cell(q3.latency.ttftMs.p90));
    expect(find(rows, { scope: 'overall', kind: 'model', model_a: stats.models[1]!, metric: 'score_fluency' }).value).toBe('4.3');

    const pair = stats.overall.pairs[0]!;
    const head = find(rows, { scope: 'overall', kind: 'pair', model_a: stats.models[0]!, model_b: stats.models[1]!, metric: 'a_win_rate' });
    expect([head.value, head.n, head.p_value]).toEqual([cell(pair.aWinRate.rate), cell(pair.aWinRate.n), cell(pair.signTestP)]);
    expect(find(rows, { scope: 'overall', kind: 'pair', model_a: stats.models[0]!, model_b: stats.models[1]!, metric: 'score_diff_accuracy' }).value).toBe('0.5');

    const left = find(rows, { kind: 'position', metric: 'left_win_rate' });
    expect([left.scope, left.value, left.n, left.p_value, left.model_a]).toEqual(['overall', cell(29 / 54), '54', '0.683', '']);
    expect(find(rows, { kind: 'consistency', metric: 'consistent' }).value).toBe(cell(5 / 6));
    const bt = find(rows, { kind: 'bradley-terry', model_a: 'Llama3-8B | 中文', metric: 'rating' });
    expect([bt.value, bt.ci_low, bt.ci_high, bt.n]).toEqual(['946', '880.5', '1010.7', '114']);
    expect(find(rows, { kind: 'bradley-terry', model_a: 'Llama3-8B | 中文', metric: 'rank' }).value).toBe('2');

    // per category, with the category as the scope; a model with no data there has no rows there
    expect(find(rows, { scope: 'knowledge QA', kind: 'model', model_a: stats.models[0]!, metric: 'votes' }).value).toBe('20');
    expect(rows.filter((r) => r.scope === 'logical reasoning' && r.model_a === 'Llama3-8B | 中文')).toEqual([]);
    expect(find(rows, { scope: 'long-context summary', kind: 'model', model_a: stats.models[1]!, metric: 'score_accuracy' })).toMatchObject({ value: '', ci_low: '', n: '0' });
  });

  it('lists every estimate of the stats: each kind and metric, each scope', () => {
    const stats = studyStats();
    const rows = statsRows(stats);
    const metricsOf = (kind: StatsRow['kind']) => [...new Set(rows.filter((r) => r.kind === kind).map((r) => r.metric))];
    const latency = ['ttft_ms', 'decode_tok_s', 'e2e_ms'].flatMap((m) => ['mean', 'sd', 'min', 'q1', 'median', 'q3', 'p90', 'max'].map((f) => `${m}_${f}`));
    expect(metricsOf('model')).toEqual(['votes', 'wins', 'losses', 'ties', 'both_bad', 'win_rate', ...latency, 'score_accuracy', 'score_fluency', 'completeness']);
    expect(metricsOf('pair')).toEqual(['votes', 'a_wins', 'b_wins', 'ties', 'both_bad', 'a_win_rate', 'tie_rate', 'both_bad_rate', 'more_votes_needed', 'score_diff_accuracy', 'score_diff_fluency', 'completeness_diff']);
    expect(metricsOf('position')).toEqual(['left_wins', 'right_wins', 'left_win_rate']);
    expect(metricsOf('consistency')).toEqual(['pairs', 'consistent', 'same_side']);
    expect(metricsOf('bradley-terry')).toEqual([]);
    expect([...new Set(rows.map((r) => r.scope))]).toEqual(['overall', ...stats.categories.map((c) => c.category)]);
  });

  it('neutralises text cells a spreadsheet would run (session, model and category names), and writes sessions one after another', async () => {
    const first = studyStats({ models: ['=cmd|calc', '+1'] });
    first.categories = [{ ...first.categories[0]!, category: '@SUM(A1)' }];
    const second = { ...threeModelStats(), sessionId: '1c6f9b1d-4a2e-4d3b-8f8c-7e6d5c4b3a21' };
    const { rows, sink } = await exported([sourceFor(first, '-Study, "quoted"\nnew line'), sourceFor(second, 'Second')]);
    expect(sink.rows).toBe(statsRows(first).length + statsRows(second).length);
    const firstRows = rows.filter((r) => r.session_id === first.sessionId);
    expect(new Set(firstRows.map((r) => r.session_name))).toEqual(new Set(['\'-Study, "quoted"\nnew line']));
    expect(new Set(firstRows.filter((r) => r.kind === 'model').map((r) => r.model_a))).toEqual(new Set(["'=cmd|calc", "'+1"]));
    expect(new Set(firstRows.map((r) => r.scope))).toEqual(new Set(['overall', "'@SUM(A1)"]));
    expect(rows.slice(firstRows.length).every((r) => r.session_id === second.sessionId)).toBe(true);
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+@\t\r\n]|^-(?!\d)/);
  });
});
