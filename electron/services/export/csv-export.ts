// The CSV export (issue 9, Export): one row per comparison, header first, for spreadsheets. RFC 4180, CRLF, a UTF-8
// BOM, every text cell neutralised against formula injection (each record by csvLine, csv-line.ts).
//
// Columns, in this order (names are stable; scripts read them):
//   comparison_id, conversation_id, replaces, vote_id, time (the comparison's end, ISO 8601), voted_at,
//   session_id, session_name, category, comment, turn, prompt, system_prompt,
//   left_model, right_model, verdict (left / right / tie / both-bad, empty when not voted),
//   winner_model (a model's name, "tie", "both bad", or empty),
//   model_1, model_2: the session's two models, by their position in the session (never by side). Every column
//     below prefixed m1_ or m2_ is about that model, wherever it sat, so one column holds one model's figures:
//   m1_score_<dimension>… then m2_score_<dimension>… (0–5; empty when not scored), one per dimension of the
//     session (for all sessions: the union, in order of first appearance, case-insensitively),
//   m1_ttft_ms, m1_decode_tok_s, m1_e2e_ms, m1_output_tokens, m1_outcome (done / error / cancelled), then the same for m2_,
//   temperature, top_p, max_tokens, seed: what both sides were sent (a field one side overrode: the other side's),
//   overrides: a side's own sampling where it differed ("model_2: temperature=0.2"), else empty,
//   m1_vllm_version, m2_vllm_version, blind (true / false), first_written (left / right: whose request went first),
//   failed_sides (left, right or "left right": sides that failed or were cancelled).
// A session whose dimensions changed over time is exported with its first and its current dimensions; a score on
// a dimension in neither is not in the CSV (the JSONL export keeps everything).
import { SAMPLE_COLUMNS, overridesCell, sharedSample, type SampleKey } from './csv-sampling';
import type { CsvCell } from './csv-cells';
import { csvLine, UTF8_BOM } from './csv-line';
import type { ExportSink } from './export-sink';
import { modelName, type ExportSource } from './export-source';
import type { ModelIndex, Side } from '../../shared/sessions';
import type { RatedComparison } from '../sessions/session-types';

/** Rows per write to the stream: big enough to amortise the write, small enough to keep memory flat. */
const BATCH_ROWS = 500;

interface Row {
  source: ExportSource;
  rated: RatedComparison;
  /** Where each model of the session sat. */
  sideOf: Record<ModelIndex, Side>;
}

interface Column {
  name: string;
  cell: (row: Row) => CsvCell;
}

const WINNER_WORDS = { tie: 'tie', 'both-bad': 'both bad' } as const;

/** m1_ / m2_: the session's first and second model (not A and B, which the vote screen uses for left and right). */
const MODEL_PREFIX: Record<ModelIndex, string> = { 0: 'm1', 1: 'm2' };

function leadingColumns(): Column[] {
  const c = (r: Row) => r.rated.comparison;
  return [
    { name: 'comparison_id', cell: (r) => c(r).id },
    { name: 'conversation_id', cell: (r) => c(r).conversationId },
    { name: 'replaces', cell: (r) => c(r).replaces },
    { name: 'vote_id', cell: (r) => r.rated.vote?.id ?? null },
    { name: 'time', cell: (r) => c(r).at },
    { name: 'voted_at', cell: (r) => r.rated.vote?.at ?? null },
    { name: 'session_id', cell: (r) => r.source.id },
    { name: 'session_name', cell: (r) => r.source.name },
    { name: 'category', cell: (r) => r.rated.vote?.category ?? null },
    { name: 'comment', cell: (r) => r.rated.vote?.comment ?? null },
    { name: 'turn', cell: (r) => c(r).turn },
    { name: 'prompt', cell: (r) => c(r).userMessage },
    { name: 'system_prompt', cell: (r) => c(r).systemPrompt },
    { name: 'left_model', cell: (r) => modelName(r.source, c(r).mapping.left) },
    { name: 'right_model', cell: (r) => modelName(r.source, c(r).mapping.right) },
    { name: 'verdict', cell: (r) => r.rated.vote?.verdict ?? null },
    { name: 'winner_model', cell: winnerModel },
    { name: 'model_1', cell: (r) => modelName(r.source, 0) },
    { name: 'model_2', cell: (r) => modelName(r.source, 1) },
  ];
}

function winnerModel(row: Row): CsvCell {
  const verdict = row.rated.vote?.verdict;
  if (verdict === undefined) return null;
  if (verdict === 'left' || verdict === 'right') return modelName(row.source, row.rated.comparison.mapping[verdict]);
  return WINNER_WORDS[verdict];
}

function scoreColumns(model: ModelIndex, dimensions: string[]): Column[] {
  return dimensions.map((dimension) => ({ name: `${MODEL_PREFIX[model]}_score_${dimension}`, cell: (r) => scoreOf(r.rated.vote?.scores[r.sideOf[model]], dimension) }));
}

/** Dimensions are unique case-insensitively; the union's spelling may differ from a session's. */
function scoreOf(scores: Record<string, number> | undefined, dimension: string): number | null {
  if (scores === undefined) return null;
  if (dimension in scores) return scores[dimension]!;
  const key = Object.keys(scores).find((k) => k.toLowerCase() === dimension.toLowerCase());
  return key === undefined ? null : scores[key]!;
}

function timingColumns(model: ModelIndex): Column[] {
  const outcome = (r: Row) => r.rated.comparison.sides[r.sideOf[model]].outcome;
  const p = MODEL_PREFIX[model];
  return [
    { name: `${p}_ttft_ms`, cell: (r) => outcome(r).timings.ttftMs },
    { name: `${p}_decode_tok_s`, cell: (r) => outcome(r).timings.decodeTokensPerS },
    { name: `${p}_e2e_ms`, cell: (r) => outcome(r).timings.e2eMs },
    { name: `${p}_output_tokens`, cell: (r) => outcome(r).timings.outputTokens },
    { name: `${p}_outcome`, cell: (r) => outcome(r).kind },
  ];
}

function trailingColumns(): Column[] {
  const c = (r: Row) => r.rated.comparison;
  return [
    ...SAMPLE_COLUMNS.map(([name, key]: [string, SampleKey]) => ({ name, cell: (r: Row) => sharedSample(c(r), key) })),
    { name: 'overrides', cell: (r) => overridesCell(c(r), (side) => `model_${c(r).mapping[side] + 1}`) },
    { name: 'm1_vllm_version', cell: (r) => r.rated.servers[r.sideOf[0]]?.vllmVersion ?? null },
    { name: 'm2_vllm_version', cell: (r) => r.rated.servers[r.sideOf[1]]?.vllmVersion ?? null },
    { name: 'blind', cell: (r) => c(r).blind },
    { name: 'first_written', cell: (r) => c(r).firstWritten },
    { name: 'failed_sides', cell: (r) => (['left', 'right'] as const).filter((side) => c(r).sides[side].outcome.kind !== 'done').join(' ') },
  ];
}

export function csvColumns(dimensions: string[]): Column[] {
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

/** Streams the CSV of `sources` into `sink`: the header (after the BOM), then rows in batches. */
export async function writeCsv(sink: ExportSink, sources: readonly ExportSource[]): Promise<void> {
  const columns = csvColumns(exportDimensions(sources));
  await sink.write(UTF8_BOM + csvLine(columns.map((column) => column.name)));
  for (const source of sources) {
    let batch = '';
    let count = 0;
    for await (const rated of source.rated()) {
      const { mapping } = rated.comparison;
      const row: Row = { source, rated, sideOf: { [mapping.left]: 'left', [mapping.right]: 'right' } as Record<ModelIndex, Side> };
      batch += csvLine(columns.map((column) => column.cell(row)));
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
