import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CsvCell } from '../../electron/services/export/csv-cells';
import { csvColumns, exportDimensions, writeCsv } from '../../electron/services/export/csv-export';
import { csvLine } from '../../electron/services/export/csv-line';
import { ExportSink } from '../../electron/services/export/export-sink';
import type { ExportSource } from '../../electron/services/export/export-source';
import type { ComparisonRecord, ModelIndex, SessionRecord, Side } from '../../electron/shared/sessions';
import { seededRandom } from '../support/seeded-random';
import { buildComparison, buildHeader, buildServerRecord, buildSessionRecords, buildUndo, buildVote, exportSourceOf, ratedFrom } from '../support/session-builders';

/** A Writable that keeps what it was given, optionally slowly and with a small buffer (to exercise backpressure). */
function collector(options: { highWaterMark?: number; slow?: boolean } = {}) {
  const chunks: Buffer[] = [];
  let maxBuffered = 0;
  const stream = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      maxBuffered = Math.max(maxBuffered, stream.writableLength);
      if (options.slow) setImmediate(done);
      else done();
    },
  });
  return { stream, chunks, maxBuffered: () => maxBuffered, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function csvOf(sources: ExportSource[]): Promise<{ text: string; rows: string[][]; sink: ExportSink }> {
  const out = collector();
  const sink = new ExportSink(out.stream);
  await writeCsv(sink, sources);
  const text = out.text();
  // An independent RFC 4180 parser, told that records end in CRLF: a bare LF between records would fail it.
  const rows = parse(text, { bom: true, record_delimiter: '\r\n', relax_column_count: false }) as string[][];
  // ...and as the strictest readers see it (Excel, Python's csv): any unquoted CR or LF ends a row.
  expect(parse(text, { bom: true, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: false })).toEqual(rows);
  return { text, rows, sink };
}

/** The OWASP list plus LF and NUL, restated here: a cell starting so must come back with an apostrophe first. */
const neutralised = (text: string): string => (/^[=+\-@\t\r\n\0]/.test(text) ? `'${text}` : text);
const num = (value: number | null): string => (value === null ? '' : String(value));

function byName(header: string[], row: string[]): Record<string, string> {
  return Object.fromEntries(header.map((name, i) => [name, row[i]!]));
}

const HAZARDS = [
  'commas, "double quotes", and a trailing comma,',
  'a line\nanother line\r\nand a CRLF one',
  'emoji 🙂👍🏽🇯🇵👨‍👩‍👧 and CJK 量子计算 日本語のテキスト 한국어',
  '=HYPERLINK("http://evil.example","click")',
  '+SUM(A1:A9)',
  '-2+3',
  '@SUM(1,2)',
  '\tstarts with a tab',
  '\rstarts with CR',
  '\nstarts with LF',
  '\0starts with NUL',
  '',
];

/** One session whose prompts, system prompt, comments, categories and name are each hazard in turn. */
function hazardSession(): { records: SessionRecord[]; comparisons: ComparisonRecord[] } {
  const random = seededRandom(7);
  const header = buildHeader(random, { name: '=cmd|"/c calc"!A1, 会话 🙂', settings: { systemPrompt: '-be terse,\n"always"' } });
  const servers = [buildServerRecord(random, 0, header.at), buildServerRecord(random, 1, header.at)] as const;
  const records: SessionRecord[] = [header, ...servers];
  const comparisons: ComparisonRecord[] = [];
  HAZARDS.forEach((hazard, i) => {
    const at = new Date(Date.parse(header.at) + (i + 1) * 60_000).toISOString();
    const comparison = buildComparison(random, { at, leftModel: (i % 2) as ModelIndex, userMessage: hazard || 'plain', servers: { 0: servers[0].id, 1: servers[1].id }, settings: header.settings, outcomes: { right: i === 3 ? 'error' : 'done' } });
    comparisons.push(comparison);
    records.push(comparison, buildVote(random, comparison, header.settings.dimensions, { at, comment: HAZARDS[(i + 3) % HAZARDS.length]!, category: HAZARDS[(i + 5) % HAZARDS.length]! }));
  });
  return { records, comparisons };
}

describe('the CSV export', () => {
  it('has a stable header: ids, session, texts, sides, verdict, then per model (a_/b_) scores, timings and versions', async () => {
    const { rows } = await csvOf([exportSourceOf(buildSessionRecords(3))]);
    expect(rows[0]).toEqual([
      'comparison_id', 'conversation_id', 'replaces', 'vote_id', 'time', 'voted_at', 'session_id', 'session_name', 'category', 'comment', 'turn', 'prompt', 'system_prompt',
      'left_model', 'right_model', 'verdict', 'winner_model', 'model_1', 'model_2',
      'm1_score_accuracy', 'm1_score_helpfulness', 'm1_score_fluency', 'm2_score_accuracy', 'm2_score_helpfulness', 'm2_score_fluency',
      'm1_ttft_ms', 'm1_decode_tok_s', 'm1_e2e_ms', 'm1_output_tokens', 'm1_outcome', 'm2_ttft_ms', 'm2_decode_tok_s', 'm2_e2e_ms', 'm2_output_tokens', 'm2_outcome',
      'temperature', 'top_p', 'max_tokens', 'seed', 'overrides', 'm1_vllm_version', 'm2_vllm_version', 'blind', 'first_written', 'failed_sides', 'prompt_set_step', 'repeat_of', 'm1_completeness', 'm2_completeness',
    ]);
    expect(rows).toHaveLength(4);
  });

  it('round-trips cell for cell through csv-parse: commas, quotes, newlines, emoji, CJK; formula-like cells neutralised', async () => {
    const { records, comparisons } = hazardSession();
    const source = exportSourceOf(records);
    const { rows } = await csvOf([source]);
    const [header, ...body] = rows;
    expect(body).toHaveLength(HAZARDS.length);
    const rated = ratedFrom(records);
    body.forEach((row, i) => {
      const cells = byName(header!, row);
      const { comparison, vote } = rated[i]!;
      expect(comparison).toBe(comparisons[i]);
      expect(cells.prompt).toBe(neutralised(comparison.userMessage));
      expect(cells.comment).toBe(neutralised(vote!.comment));
      // The category as History and Stats file it (trimmed: session-category.ts), then neutralised.
      expect(cells.category).toBe(neutralised(vote!.category.trim()));
      expect(cells.session_name).toBe(`'=cmd|"/c calc"!A1, 会话 🙂`);
      expect(cells.system_prompt).toBe(`'-be terse,\n"always"`);
      expect(cells.comparison_id).toBe(comparison.id);
      expect(cells.time).toBe(comparison.at);
      expect(cells.turn).toBe('1');
      expect(cells.blind).toBe('true');
    });
    // every hazard came back, as itself or neutralised, in the prompt column
    expect(body.map((row) => byName(header!, row).prompt)).toEqual(HAZARDS.map((h) => neutralised(h || 'plain')));
  });

  it('writes the BOM first and ends every record with CRLF', async () => {
    const { text } = await csvOf([exportSourceOf(hazardSession().records)]);
    expect(text.startsWith('\uFEFFcomparison_id,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\uFEFF')).toHaveLength(2); // one BOM, however many batches
  });

  it('puts each model in its own columns wherever it sat, and names the winner', async () => {
    const random = seededRandom(3);
    const header = buildHeader(random);
    const servers = { 0: 'server-a', 1: 'server-b' } as const;
    const verdicts = ['left', 'right', 'tie', 'both-bad'] as const;
    const records: SessionRecord[] = [header, { ...buildServerRecord(random, 0, header.at), id: 'server-a' }, { ...buildServerRecord(random, 1, header.at), id: 'server-b' }];
    verdicts.forEach((verdict, i) => {
      const comparison = buildComparison(random, { at: header.at, leftModel: (i % 2) as ModelIndex, servers, settings: header.settings });
      const scores: Record<Side, Record<string, number>> = { left: { accuracy: 5, fluency: 4 }, right: { accuracy: 1, helpfulness: 2 } };
      records.push(comparison, buildVote(random, comparison, [], { at: header.at, verdict, scores }));
    });
    const { rows } = await csvOf([exportSourceOf(records)]);
    const cells = rows.slice(1).map((row) => byName(rows[0]!, row));
    const [qwen3, qwen2] = ['Qwen3-4B-Instruct-2507', 'Qwen2-7B-Instruct'];
    expect(cells.map((c) => [c.left_model, c.right_model, c.verdict, c.winner_model])).toEqual([
      [qwen3, qwen2, 'left', qwen3],
      [qwen2, qwen3, 'right', qwen3],
      [qwen3, qwen2, 'tie', 'tie'],
      [qwen2, qwen3, 'both-bad', 'both bad'],
    ]);
    for (const c of cells) expect([c.model_1, c.model_2]).toEqual([qwen3, qwen2]);
    // model A was left in rows 1 and 3, right in rows 2 and 4: its scores follow it
    expect(cells.map((c) => [c.m1_score_accuracy, c.m1_score_helpfulness, c.m1_score_fluency, c.m2_score_accuracy, c.m2_score_helpfulness, c.m2_score_fluency])).toEqual([
      ['5', '', '4', '1', '2', ''],
      ['1', '2', '', '5', '', '4'],
      ['5', '', '4', '1', '2', ''],
      ['1', '2', '', '5', '', '4'],
    ]);
  });

  it('gives each model its own timings, outcome and vLLM version, and the sampling both sides were sent', async () => {
    const records = buildSessionRecords(60, { seed: 11, outcomes: { error: 0.2, cancelled: 0.2 } });
    const { rows } = await csvOf([exportSourceOf(records)]);
    const rated = ratedFrom(records);
    rows.slice(1).forEach((row, i) => {
      const c = byName(rows[0]!, row);
      const { comparison, servers, vote } = rated[i]!;
      for (const model of [0, 1] as const) {
        const side: Side = comparison.mapping.left === model ? 'left' : 'right';
        const { outcome } = comparison.sides[side];
        const p = model === 0 ? 'm1' : 'm2';
        expect([c[`${p}_ttft_ms`], c[`${p}_decode_tok_s`], c[`${p}_e2e_ms`], c[`${p}_output_tokens`], c[`${p}_outcome`]]).toEqual([
          num(outcome.timings.ttftMs), num(outcome.timings.decodeTokensPerS), num(outcome.timings.e2eMs), num(outcome.timings.outputTokens), outcome.kind,
        ]);
        expect(c[`${p}_vllm_version`]).toBe(servers[side]!.vllmVersion);
      }
      const sampling = comparison.sides.left.settings.sampling;
      expect([c.temperature, c.top_p, c.max_tokens, c.seed, c.overrides]).toEqual([num(sampling.temperature), num(sampling.topP), num(sampling.maxTokens), num(sampling.seed), '']);
      expect(c.failed_sides).toBe((['left', 'right'] as const).filter((s) => comparison.sides[s].outcome.kind !== 'done').join(' '));
      expect(c.verdict).toBe(vote?.verdict ?? '');
      expect(c.vote_id).toBe(vote?.id ?? '');
    });
  });

  it('leaves the vote cells empty for an unvoted comparison and for one whose vote was undone', async () => {
    const random = seededRandom(5);
    const header = buildHeader(random);
    const server = [buildServerRecord(random, 0, header.at), buildServerRecord(random, 1, header.at)];
    const servers = { 0: server[0]!.id, 1: server[1]!.id };
    const unvoted = buildComparison(random, { at: header.at, servers, settings: header.settings });
    const undone = buildComparison(random, { at: header.at, servers, settings: header.settings });
    const vote = buildVote(random, undone, header.settings.dimensions, { at: header.at, comment: 'changed my mind', category: 'math' });
    const { rows } = await csvOf([exportSourceOf([header, ...server, unvoted, undone, vote, buildUndo(vote, header.at)])]);
    for (const row of rows.slice(1)) {
      const c = byName(rows[0]!, row);
      expect([c.vote_id, c.verdict, c.winner_model, c.comment, c.category, c.m1_score_accuracy, c.m2_score_fluency, c.voted_at]).toEqual(['', '', '', '', '', '', '', '']);
    }
  });

  it('names one sampling override per side, and keeps the shared value in the sampling columns', async () => {
    const random = seededRandom(9);
    const header = buildHeader(random);
    const comparison = buildComparison(random, { at: header.at, leftModel: 1, servers: { 0: 'x', 1: 'y' }, settings: header.settings });
    comparison.sides.left.settings = { sampling: { ...comparison.sides.left.settings.sampling, temperature: 0.2, topP: 0.95 }, overridden: ['temperature', 'topP'] };
    const { rows } = await csvOf([exportSourceOf([header, comparison])]);
    const c = byName(rows[0]!, rows[1]!);
    expect([c.temperature, c.top_p, c.overrides]).toEqual(['0.7', '0.8', 'model_2: temperature=0.2, top_p=0.95']);
  });

  it('matches a score to its dimension by exact spelling first, else case-insensitively (first key), never by inherited names', async () => {
    const random = seededRandom(12);
    const header = buildHeader(random, { settings: { dimensions: ['accuracy', 'Fluency', 'toString', 'constructor'] } });
    const comparison = buildComparison(random, { at: header.at, leftModel: 1, servers: { 0: 'x', 1: 'y' }, settings: header.settings });
    const scores: Record<Side, Record<string, number>> = { left: { Accuracy: 1, accuracy: 2, FLUENCY: 3, fluency: 4 }, right: { ACCURACY: 5, TOSTRING: 0 } };
    const { rows } = await csvOf([exportSourceOf([header, comparison, buildVote(random, comparison, [], { at: header.at, scores })])]);
    const c = byName(rows[0]!, rows[1]!);
    // model 1 sat right, model 2 left
    expect([c.m1_score_accuracy, c.m1_score_Fluency, c.m1_score_toString, c.m1_score_constructor]).toEqual(['5', '', '0', '']);
    expect([c.m2_score_accuracy, c.m2_score_Fluency, c.m2_score_toString, c.m2_score_constructor]).toEqual(['2', '3', '', '']);
  });

  it('names the overrides of both sides by model, left side first', async () => {
    const random = seededRandom(13);
    const header = buildHeader(random);
    const comparison = buildComparison(random, { at: header.at, leftModel: 1, servers: { 0: 'x', 1: 'y' }, settings: header.settings });
    comparison.sides.left.settings = { sampling: { ...comparison.sides.left.settings.sampling, seed: 7 }, overridden: ['seed'] };
    comparison.sides.right.settings = { sampling: { ...comparison.sides.right.settings.sampling, maxTokens: 64, temperature: 1 }, overridden: ['maxTokens', 'temperature'] };
    const { rows } = await csvOf([exportSourceOf([header, comparison])]);
    const c = byName(rows[0]!, rows[1]!);
    expect(c.overrides).toBe('model_2: seed=7; model_1: max_tokens=64, temperature=1');
    // A variant's own system prompt is an override of that side too.
    comparison.sides.left.settings = { ...comparison.sides.left.settings, systemPrompt: 'Be terse, "always".' };
    const variant = byName(...((await csvOf([exportSourceOf([header, comparison])])).rows as [string[], string[]]));
    expect(variant.overrides).toBe('model_2: seed=7, system_prompt="Be terse, \\"always\\"."; model_1: max_tokens=64, temperature=1');
    expect([c.temperature, c.max_tokens, c.seed]).toEqual(['0.7', '1024', num(comparison.sides.right.settings.sampling.seed)]);
  });

  it('for all sessions, takes the union of their dimensions, each once whatever its case', async () => {
    const first = buildSessionRecords(2, { seed: 1 });
    const second = buildSessionRecords(2, { seed: 2, settings: { dimensions: ['Accuracy', '创造力'] } });
    const sources = [exportSourceOf(first), exportSourceOf(second)];
    expect(exportDimensions(sources)).toEqual(['accuracy', 'helpfulness', 'fluency', '创造力']);
    const { rows } = await csvOf(sources);
    const header = rows[0]!;
    expect(header.filter((name) => name.startsWith('m1_score_'))).toEqual(['m1_score_accuracy', 'm1_score_helpfulness', 'm1_score_fluency', 'm1_score_创造力']);
    expect(rows).toHaveLength(1 + 4);
    const secondRows = rows.slice(3).map((row) => byName(header, row));
    const rated = ratedFrom(second);
    secondRows.forEach((c, i) => {
      const { comparison, vote } = rated[i]!;
      const sideOfA: Side = comparison.mapping.left === 0 ? 'left' : 'right';
      expect(c.m1_score_accuracy).toBe(num(vote?.scores[sideOfA].Accuracy ?? null));
      expect(c.m1_score_helpfulness).toBe('');
      expect(c.session_id).toBe(second[0]!.type === 'session' ? second[0]!.id : '');
    });
  });

  it('streams in batches and waits for a slow reader instead of buffering the whole file', async () => {
    const records = buildSessionRecords(2_000, { seed: 4 });
    const out = collector({ highWaterMark: 4 * 1024, slow: true });
    const sink = new ExportSink(out.stream);
    await writeCsv(sink, [exportSourceOf(records)]);
    const rows = parse(out.text(), { bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(rows).toHaveLength(2_001);
    expect(sink.rows).toBe(2_000);
    expect(sink.bytes).toBe(Buffer.byteLength(out.text()));
    expect(out.chunks.length).toBeGreaterThan(3);
    // never more buffered than one batch beyond the high-water mark: the sink waited for 'drain'
    const biggestChunk = Math.max(...out.chunks.map((c) => c.length));
    expect(out.maxBuffered()).toBeLessThanOrEqual(4 * 1024 + biggestChunk);
    expect(out.maxBuffered()).toBeLessThan(Buffer.byteLength(out.text()) / 2);
  });

  it('keeps the column list and the rows the same length', () => {
    expect(new Set(csvColumns(['x', 'y']).map((c) => c.name)).size).toBe(csvColumns(['x', 'y']).length);
  });
});

describe('csvLine', () => {
  it('quotes every field holding CR or LF, so readers that end a row at any line break still read it whole', () => {
    const cells: CsvCell[] = ['tail\r', 'in\rside', 'in\nside', '\r\n', 'plain', 'a"b', 'x,y', 0, -1.5, null, true, false, ''];
    const line = csvLine(cells);
    expect(line).toBe(`"tail\r","in\rside","in\nside","'\r\n",plain,"a""b","x,y",0,-1.5,,true,false,\r\n`);
    for (const delimiters of [['\r\n'], ['\r\n', '\n', '\r']]) {
      expect(parse(line + line, { record_delimiter: delimiters })).toEqual([0, 1].map(() => ['tail\r', 'in\rside', 'in\nside', "'\r\n", 'plain', 'a"b', 'x,y', '0', '-1.5', '', 'true', 'false', '']));
    }
  });
});
