// The CSV export (issue 9, Export): one row per comparison, header first, for spreadsheets. RFC 4180, CRLF, a UTF-8
// BOM, every text cell neutralised against formula injection (each record by csvLine, csv-line.ts).
//
// Columns, in this order (names are stable; scripts read them):
//   comparison_id, conversation_id, replaces, vote_id, time (the comparison's end, ISO 8601), voted_at,
//   session_id, session_name, category, comment, turn, prompt, system_prompt,
//   left_model, right_model, verdict (left / right / tie / both-bad, empty when not voted),
//   winner_model (a model's name, "tie", "both bad", or empty),
//   model_1, model_2: the comparison's two models in the session's order (never by side): in a session of two
//     models, always its first and its second. Every column below prefixed m1_ or m2_ is about that model,
//     wherever it sat, so one column holds one model's figures:
//   m1_score_<dimension>… then m2_score_<dimension>… (0–5; empty when not scored), one per dimension of the
//     session (for all sessions: the union, in order of first appearance, case-insensitively),
//   m1_ttft_ms, m1_decode_tok_s, m1_e2e_ms, m1_output_tokens, m1_outcome (done / error / cancelled), then the same for m2_,
//   temperature, top_p, max_tokens, seed: what both sides were sent (a field one side overrode: the other side's),
//   overrides: a side's own sampling where it differed ("model_2: temperature=0.2"), and a variant's own system
//     prompt (system_prompt="…", as JSON), else empty,
//   m1_vllm_version, m2_vllm_version, blind (true / false), first_written (left / right: whose request went first),
//   failed_sides (left, right or "left right": sides that failed or were cancelled),
//   prompt_set_step (a prompt set run's step, from 1; empty for a typed prompt), repeat_of (a hidden repeat: the
//     comparison it repeats with the sides swapped), m1_completeness, m2_completeness (the share of the prompt's
//     key points ticked for that model's answer, 0–1; empty without key points or vote).
// A session whose dimensions changed over time is exported with its first and its current dimensions; a score on
// a dimension in neither is not in the CSV (the JSONL export keeps everything).
import { SAMPLE_COLUMNS, overridesCell, sharedSample, type SampleKey } from './csv-sampling';
import type { CsvCell } from './csv-cells';
import { csvLine, UTF8_BOM } from './csv-line';
import type { ExportSink } from './export-sink';
import { modelName, type ExportSource } from './export-source';
import type { ComparisonRecord, ModelIndex, ServerFacts, Side, VoteRecord } from '../../shared/sessions';
import type { SideOutcome } from '../../shared/compare';
import type { RatedComparison } from '../sessions/session-types';
import { categoryOf } from '../sessions/session-category';

/** Rows per write to the stream: big enough to amortise the write, small enough to keep memory flat. */
const BATCH_ROWS = 500;

/**
 * What one comparison's cells read, worked out once per row (not once per cell): each model's side, outcome and
 * scores. The column cells below only pick fields out of it.
 */
interface Row {
  source: ExportSource;
  comparison: ComparisonRecord;
  vote: VoteRecord | null;
  servers: Record<Side, ServerFacts | null>;
  /** Where the comparison's first and second model sat. */
  sideOf: readonly [Side, Side];
  /** Each of the two models' outcome. */
  outcome: readonly [SideOutcome, SideOutcome];
  /** Each model's score on each exported dimension (by the dimension's position), null where it has none. */
  scores: readonly [readonly (number | null)[], readonly (number | null)[]];
}

interface Column {
  name: string;
  cell: (row: Row) => CsvCell;
}

const WINNER_WORDS = { tie: 'tie', 'both-bad': 'both bad' } as const;

/** The comparison's first and second model (in the session's order): not A and B, which mean left and right. */
type PairModel = 0 | 1;
/** m1_ / m2_: the comparison's first and second model. */
const MODEL_PREFIX: Record<PairModel, string> = { 0: 'm1', 1: 'm2' };

function leadingColumns(): Column[] {
  return [
    { name: 'comparison_id', cell: (r) => r.comparison.id },
    { name: 'conversation_id', cell: (r) => r.comparison.conversationId },
    { name: 'replaces', cell: (r) => r.comparison.replaces },
    { name: 'vote_id', cell: (r) => r.vote?.id ?? null },
    { name: 'time', cell: (r) => r.comparison.at },
    { name: 'voted_at', cell: (r) => r.vote?.at ?? null },
    { name: 'session_id', cell: (r) => r.source.id },
    { name: 'session_name', cell: (r) => r.source.name },
    { name: 'category', cell: (r) => categoryOf(r.vote?.category, r.comparison.category) || null },
    { name: 'comment', cell: (r) => r.vote?.comment ?? null },
    { name: 'turn', cell: (r) => r.comparison.turn },
    { name: 'prompt', cell: (r) => r.comparison.userMessage },
    { name: 'system_prompt', cell: (r) => r.comparison.systemPrompt },
    { name: 'left_model', cell: (r) => modelName(r.source, r.comparison.mapping.left) },
    { name: 'right_model', cell: (r) => modelName(r.source, r.comparison.mapping.right) },
    { name: 'verdict', cell: (r) => r.vote?.verdict ?? null },
    { name: 'winner_model', cell: winnerModel },
    { name: 'model_1', cell: (r) => modelName(r.source, r.comparison.mapping[r.sideOf[0]]) },
    { name: 'model_2', cell: (r) => modelName(r.source, r.comparison.mapping[r.sideOf[1]]) },
  ];
}

function winnerModel(row: Row): CsvCell {
  const verdict = row.vote?.verdict;
  if (verdict === undefined) return null;
  if (verdict === 'left' || verdict === 'right') return modelName(row.source, row.comparison.mapping[verdict]);
  return WINNER_WORDS[verdict];
}

function scoreColumns(model: PairModel, dimensions: readonly string[]): Column[] {
  return dimensions.map((dimension, i) => ({ name: `${MODEL_PREFIX[model]}_score_${dimension}`, cell: (r) => r.scores[model][i]! }));
}

/** The exported dimensions with their lowercased spelling, for matching a vote's keys case-insensitively. */
interface Dimensions {
  names: readonly string[];
  lowered: readonly string[];
  /** All null: the scores of a model nobody scored. */
  none: readonly null[];
}

function dimensionsOf(names: readonly string[]): Dimensions {
  return { names, lowered: names.map((name) => name.toLowerCase()), none: names.map(() => null) };
}

/**
 * A model's score on each dimension. Dimensions are unique case-insensitively and the union's spelling may differ
 * from a session's: a key spelled as the dimension wins, else the first key that matches it case-insensitively.
 */
function scoresOn(scores: Record<string, number> | undefined, dimensions: Dimensions): readonly (number | null)[] {
  if (scores === undefined) return dimensions.none;
  const { names, lowered } = dimensions;
  const out: (number | null)[] = new Array<number | null>(names.length);
  let byLowered: Map<string, number> | undefined;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (Object.hasOwn(scores, name)) out[i] = scores[name]!;
    else out[i] = (byLowered ??= lowercasedKeys(scores)).get(lowered[i]!) ?? null;
  }
  return out;
}

function lowercasedKeys(scores: Record<string, number>): Map<string, number> {
  const byLowered = new Map<string, number>();
  for (const key of Object.keys(scores)) {
    const lowered = key.toLowerCase();
    if (!byLowered.has(lowered)) byLowered.set(lowered, scores[key]!);
  }
  return byLowered;
}

function timingColumns(model: PairModel): Column[] {
  const p = MODEL_PREFIX[model];
  return [
    { name: `${p}_ttft_ms`, cell: (r) => r.outcome[model].timings.ttftMs },
    { name: `${p}_decode_tok_s`, cell: (r) => r.outcome[model].timings.decodeTokensPerS },
    { name: `${p}_e2e_ms`, cell: (r) => r.outcome[model].timings.e2eMs },
    { name: `${p}_output_tokens`, cell: (r) => r.outcome[model].timings.outputTokens },
    { name: `${p}_outcome`, cell: (r) => r.outcome[model].kind },
  ];
}

/** The overrides column names a side by its model ("model_2"), never by the side it sat on. */
const pairLabel = (row: Row) => (model: ModelIndex): string => (model === row.comparison.mapping[row.sideOf[0]] ? 'model_1' : 'model_2');

/** The share of key points ticked for a model's answer. */
function completeness(row: Row, model: PairModel): number | null {
  const total = row.comparison.keyPoints?.length ?? 0;
  const ticked = row.vote?.keyPoints?.[row.sideOf[model]];
  return total > 0 && ticked ? ticked.length / total : null;
}

function trailingColumns(): Column[] {
  return [
    ...SAMPLE_COLUMNS.map(([name, key]: [string, SampleKey]): Column => ({ name, cell: (r) => sharedSample(r.comparison, key) })),
    { name: 'overrides', cell: (r) => overridesCell(r.comparison, pairLabel(r)) },
    { name: 'm1_vllm_version', cell: (r) => r.servers[r.sideOf[0]]?.vllmVersion ?? null },
    { name: 'm2_vllm_version', cell: (r) => r.servers[r.sideOf[1]]?.vllmVersion ?? null },
    { name: 'blind', cell: (r) => r.comparison.blind },
    { name: 'first_written', cell: (r) => r.comparison.firstWritten },
    { name: 'failed_sides', cell: (r) => failedSides(r.comparison) },
    { name: 'prompt_set_step', cell: (r) => (r.comparison.run ? r.comparison.run.step + 1 : null) },
    { name: 'repeat_of', cell: (r) => r.comparison.run?.repeatOf ?? null },
    { name: 'm1_completeness', cell: (r) => completeness(r, 0) },
    { name: 'm2_completeness', cell: (r) => completeness(r, 1) },
  ];
}

function failedSides({ sides }: ComparisonRecord): string {
  const left = sides.left.outcome.kind !== 'done';
  const right = sides.right.outcome.kind !== 'done';
  return left ? (right ? 'left right' : 'left') : right ? 'right' : '';
}

export function csvColumns(dimensions: readonly string[]): Column[] {
  return [...leadingColumns(), ...scoreColumns(0, dimensions), ...scoreColumns(1, dimensions), ...timingColumns(0), ...timingColumns(1), ...trailingColumns()];
}

/** The sessions' dimensions, first and current, each once (case-insensitively), in order of first appearance. */
export function exportDimensions(sources: readonly Pick<ExportSource, 'header' | 'settings'>[]): string[] {
  const seen = new Map<string, string>();
  for (const source of sources) {
    for (const dimension of [...source.header.settings.dimensions, ...source.settings.dimensions]) {
      if (!seen.has(dimension.toLowerCase())) seen.set(dimension.toLowerCase(), dimension);
    }
  }
  return [...seen.values()];
}

function rowOf(source: ExportSource, { comparison, vote, servers }: RatedComparison, dimensions: Dimensions): Row {
  const sideOf: [Side, Side] = comparison.mapping.left < comparison.mapping.right ? ['left', 'right'] : ['right', 'left'];
  const { sides } = comparison;
  return {
    source,
    comparison,
    vote,
    servers,
    sideOf,
    outcome: [sides[sideOf[0]].outcome, sides[sideOf[1]].outcome],
    scores: vote === null ? [dimensions.none, dimensions.none] : [scoresOn(vote.scores[sideOf[0]], dimensions), scoresOn(vote.scores[sideOf[1]], dimensions)],
  };
}

/** Streams the CSV of `sources` into `sink`: the header (after the BOM), then rows in batches. */
export async function writeCsv(sink: ExportSink, sources: readonly ExportSource[]): Promise<void> {
  const names = exportDimensions(sources);
  const dimensions = dimensionsOf(names);
  const columns = csvColumns(names);
  await sink.write(UTF8_BOM + csvLine(columns.map((column) => column.name)));
  // One array of cells, refilled for each row: csvLine keeps nothing of it.
  const cells: CsvCell[] = new Array<CsvCell>(columns.length);
  for (const source of sources) {
    let batch = '';
    let count = 0;
    // Neither writes the answers: the store skips decoding them.
    for await (const rated of source.rated({ answers: false })) {
      const row = rowOf(source, rated, dimensions);
      for (let i = 0; i < columns.length; i++) cells[i] = columns[i]!.cell(row);
      batch += csvLine(cells);
      count += 1;
      if (count % BATCH_ROWS === 0) {
        await sink.write(batch);
        batch = '';
      }
    }
    await sink.write(batch);
    sink.rows += count;
  }
}
