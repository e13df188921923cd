// Deterministic rating-session records for tests and benchmarks: a session shaped like the seed study's (Qwen3-4B-
// Instruct-2507 against Qwen2-7B-Instruct, scored 0–5), with realistic text (CJK, emoji, CSV's special characters,
// formula-like starts), every outcome kind with full timings, votes, undos and edits. The same seed gives the same
// records, byte for byte, on every run.
import { newVllmDraft } from '../../electron/shared/profile-defaults';
import type { ChatMessage, InferenceErrorKind, SideOutcome, SideTimings } from '../../electron/shared/compare';
import type {
  ComparisonRecord,
  ModelIndex,
  SamplingParams,
  ServerFacts,
  ServerRecord,
  SessionHeaderRecord,
  SessionModel,
  SessionRecord,
  SessionSettings,
  Side,
  UndoRecord,
  Verdict,
  VoteEditRecord,
  VoteRecord,
} from '../../electron/shared/sessions';
import { seededRandom } from './seeded-random';

export type Random = () => number;

/** A v4 UUID (RFC 9562 version and variant bits) drawn from the seeded generator. */
export function uuidFrom(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, min: number, max: number): number => min + random() * (max - min);
const round2 = (value: number): number => Math.round(value * 100) / 100;

// ─── the two models of the seed study ───────────────────────────────────────────────────────────────────────

const STUDY_MODELS = [
  { id: 'qwen3-4b-instruct-2507', name: 'Qwen3-4B-Instruct-2507', source: 'Qwen/Qwen3-4B-Instruct-2507', utilization: 0.35, revision: 'cdbee75f17c01a7cc42f958dc650907174af0554' },
  { id: 'qwen2-7b-instruct', name: 'Qwen2-7B-Instruct', source: 'Qwen/Qwen2-7B-Instruct', utilization: 0.55, revision: 'f2826a00ceef68f0f2b946d945ecc0477ce4450c' },
  // The study's suggested additions ("more models side by side"); revisions are stand-ins of the right shape.
  { id: 'gemma-7b-it', name: 'Gemma-7B-it', source: 'google/gemma-7b-it', utilization: 0.55, revision: '9c5798adf5f4bd2f6b2a1e0c3bd4e0e2f6d0e8a1' },
  { id: 'llama3-8b-instruct', name: 'Llama3-8B-Instruct', source: 'meta-llama/Meta-Llama-3-8B-Instruct', utilization: 0.6, revision: 'e1945c40cd546c78e41f1151f4db032b271faeaa' },
  { id: 'mistral-7b-instruct', name: 'Mistral-7B-Instruct-v0.3', source: 'mistralai/Mistral-7B-Instruct-v0.3', utilization: 0.55, revision: 'e0bc86c23ce5aae1db576c8cca6f06f1f73af2db' },
] as const;

function studyEntry(index: ModelIndex): (typeof STUDY_MODELS)[number] {
  const m = STUDY_MODELS[index];
  if (!m) throw new Error(`the test builders know ${STUDY_MODELS.length} study models, not model ${index}`);
  return m;
}

/** A session model as the service records it: the vLLM profile then, with every field (there is no API key). */
export function studyModel(index: ModelIndex): SessionModel {
  const m = studyEntry(index);
  // The app's own defaults for a new vLLM profile (newVllmDraft), as the study's presets set them.
  const profile = {
    id: m.id,
    ...newVllmDraft(m.source, m.name),
    gpuIndices: [0],
    gpuMemoryUtilization: m.utilization,
    maxModelLen: 8192,
    createdAt: 1_772_000_000_000 + index,
    updatedAt: 1_772_000_000_000 + index,
  };
  return { profileId: m.id, name: m.name, engine: 'vllm', source: m.source, servedName: m.source, profile };
}

export const STUDY_SAMPLING: SamplingParams = { temperature: 0.7, topP: 0.8, maxTokens: 1024, seed: null };

export function studySettings(overrides: Partial<SessionSettings> = {}): SessionSettings {
  return {
    systemPrompt: 'You are a helpful assistant. Answer concisely.',
    sampling: STUDY_SAMPLING,
    seedPolicy: 'random-per-turn',
    blind: true,
    equalReveal: false,
    dimensions: ['accuracy', 'helpfulness', 'fluency'],
    ...overrides,
  };
}

export interface HeaderOptions {
  id?: string;
  name?: string;
  at?: string;
  settings?: Partial<SessionSettings>;
  /** How many of the study models (default 2: Qwen3-4B and Qwen2-7B). */
  models?: number;
}

export function buildHeader(random: Random, options: HeaderOptions = {}): SessionHeaderRecord {
  return {
    type: 'session',
    v: 1,
    id: options.id ?? uuidFrom(random),
    at: options.at ?? '2026-03-02T09:00:00.000Z',
    name: options.name ?? 'Qwen3-4B vs Qwen2-7B: 知识问答',
    models: Array.from({ length: options.models ?? 2 }, (_, i) => studyModel(i)),
    settings: studySettings(options.settings),
  };
}

/** What the engine reports for a launched vLLM server of model `index` (argv as buildLaunchCommand makes it). */
export function studyServerFacts(index: ModelIndex, port = 8001 + index): ServerFacts {
  const m = studyEntry(index);
  return {
    engine: 'vllm',
    source: m.source,
    revision: m.revision,
    vllmVersion: '0.11.0',
    argv: ['vllm', 'serve', m.source, '--host', '127.0.0.1', '--port', String(port), '--served-model-name', m.source, '--gpu-memory-utilization', String(m.utilization), '--max-model-len', '8192', '--dtype', 'auto', '--tensor-parallel-size', '1', '--seed', '0'],
    gpuName: 'NVIDIA GeForce RTX 4090 D',
  };
}

export function buildServerRecord(random: Random, model: ModelIndex, at: string, facts: ServerFacts = studyServerFacts(model)): ServerRecord {
  return { type: 'server', at, id: uuidFrom(random), model, facts };
}

// ─── text ───────────────────────────────────────────────────────────────────────────────────────────────────

const WORDS = ['the', 'model', 'answer', 'context', 'vector', 'gradient', 'token', 'batch', 'latency', 'memory', 'cache', 'attention', 'layer', 'loss', 'sample', 'policy', 'value', 'function', 'graph', 'index'];
const CJK = ['量子计算', '机器学习', '注意力机制', '日本語のテキスト', '한국어 문장', '梯度下降', '知识点'];
const EMOJI = ['🙂', '🚀', '👍🏽', '🇯🇵', '👨‍👩‍👧'];
/** Pieces that break naive CSV writers or open as formulas in a spreadsheet. */
const HAZARDS = ['a, b, and c', 'she said "yes", then "no"', 'line one\nline two', 'crlf\r\nhere', '""', ',', "it's"];
/** Starts that make a spreadsheet evaluate a cell (OWASP CSV injection, plus LF and NUL). */
export const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'] as const;
const FORMULAS = ['=1+1', '+SUM(A1:A9)', '-2+3', '@SUM(1,2)', '\tindented', '\rcarriage', '\nnewline first', '\0nul first', '=HYPERLINK("http://example.com","click")'];

export interface TextOptions {
  /** Mix in CJK, emoji, quotes, commas, newlines (default true). */
  tricky?: boolean;
  /** Chance that the text starts formula-like (default 0.1 when tricky). */
  formulaRate?: number;
}

/** About `length` characters of sentence-like text. */
export function textOf(random: Random, length: number, options: TextOptions = {}): string {
  const tricky = options.tricky ?? true;
  const parts: string[] = [];
  let size = 0;
  if (tricky && random() < (options.formulaRate ?? 0.1)) parts.push(pick(random, FORMULAS));
  while (size < length) {
    const r = random();
    const part = tricky && r < 0.06 ? pick(random, CJK) : tricky && r < 0.09 ? pick(random, EMOJI) : tricky && r < 0.12 ? pick(random, HAZARDS) : pick(random, WORDS);
    parts.push(part);
    size += part.length + 1;
  }
  return parts.join(' ');
}

// ─── outcomes ───────────────────────────────────────────────────────────────────────────────────────────────

/** Timings as the client measures them: TTFT, then decoding at a model-typical rate. */
export function timingsOf(random: Random, model: ModelIndex, outputTokens: number): SideTimings {
  const ttftMs = round2(between(random, 25, 90) + model * 15);
  const decodeTokensPerS = round2(between(random, 80, 140) - model * 30);
  const e2eMs = round2(ttftMs + (outputTokens > 1 ? ((outputTokens - 1) / decodeTokensPerS) * 1000 : 0));
  return {
    ttftMs,
    firstContentMs: round2(ttftMs + between(random, 0, 3)),
    e2eMs,
    itlP50Ms: round2(1000 / decodeTokensPerS),
    itlP95Ms: round2((1000 / decodeTokensPerS) * between(random, 1.2, 2)),
    tpotMs: outputTokens > 1 ? round2((e2eMs - ttftMs) / (outputTokens - 1)) : null,
    decodeTokensPerS: outputTokens > 1 ? decodeTokensPerS : null,
    outputTokens,
    promptTokens: Math.floor(between(random, 30, 400)),
    serverTtftMs: round2(ttftMs * between(random, 0.8, 0.95)),
  };
}

export type OutcomeKind = SideOutcome['kind'];

const ERROR_KINDS: InferenceErrorKind[] = ['server-error', 'connection-reset', 'context-length', 'idle-timeout'];

export function outcomeOf(random: Random, kind: OutcomeKind, model: ModelIndex, outputTokens: number): SideOutcome {
  const timings = timingsOf(random, model, outputTokens);
  if (kind === 'done') return { kind, finishReason: random() < 0.9 ? 'stop' : 'length', timings };
  if (kind === 'cancelled') return { kind, timings };
  const errorKind = pick(random, ERROR_KINDS);
  return {
    kind,
    error: { kind: errorKind, message: 'The server stopped answering mid-way. Check its log in Models, then regenerate.', httpStatus: errorKind === 'server-error' ? 500 : null, serverMessage: errorKind === 'server-error' ? 'Internal Server Error' : null },
    timings,
  };
}

function drawOutcome(random: Random, rates: OutcomeRates): OutcomeKind {
  const r = random();
  return r < rates.error ? 'error' : r < rates.error + rates.cancelled ? 'cancelled' : 'done';
}

// ─── comparisons, votes, undos, edits ───────────────────────────────────────────────────────────────────────

export interface ComparisonSpec {
  id?: string;
  conversationId?: string;
  turn?: number;
  replaces?: string | null;
  at: string;
  /** Which model is on the left (default 0). */
  leftModel?: ModelIndex;
  /** Who is where, for a session of more than two models (overrides leftModel). */
  mapping?: Record<Side, ModelIndex>;
  /** A prompt set step's fields. */
  run?: ComparisonRecord['run'];
  category?: string;
  keyPoints?: string[];
  outcomes?: Partial<Record<Side, OutcomeKind>>;
  userMessage?: string;
  answers?: Partial<Record<Side, string>>;
  history?: Record<Side, ChatMessage[]>;
  /** Each model's server record id. */
  servers: Record<ModelIndex, string>;
  settings: SessionSettings;
  text?: TextOptions;
}

export function buildComparison(random: Random, spec: ComparisonSpec): ComparisonRecord {
  const leftModel = spec.leftModel ?? 0;
  const mapping: Record<Side, ModelIndex> = spec.mapping ?? { left: leftModel, right: leftModel === 0 ? 1 : 0 };
  const seed = spec.settings.seedPolicy === 'random-per-turn' ? Math.floor(random() * 2 ** 31) : spec.settings.sampling.seed;
  const sideOf = (side: Side) => {
    const kind = spec.outcomes?.[side] ?? 'done';
    const content = spec.answers?.[side] ?? textOf(random, kind === 'done' ? Math.floor(between(random, 350, 650)) : 80, spec.text);
    const outputTokens = Math.max(1, Math.round(content.length / 4));
    return {
      content,
      reasoning: '',
      outcome: outcomeOf(random, kind, mapping[side], outputTokens),
      settings: { sampling: { ...spec.settings.sampling, seed }, overridden: [] },
    };
  };
  const startedAt = new Date(Date.parse(spec.at) - 5_000).toISOString();
  return {
    type: 'comparison',
    at: spec.at,
    startedAt,
    id: spec.id ?? uuidFrom(random),
    conversationId: spec.conversationId ?? uuidFrom(random),
    turn: spec.turn ?? 1,
    replaces: spec.replaces ?? null,
    mapping,
    firstWritten: random() < 0.5 ? 'left' : 'right',
    blind: spec.settings.blind,
    equalReveal: spec.settings.equalReveal,
    systemPrompt: spec.settings.systemPrompt,
    userMessage: spec.userMessage ?? textOf(random, Math.floor(between(random, 100, 200)), spec.text),
    history: spec.history ?? { left: [], right: [] },
    seed,
    sides: { left: sideOf('left'), right: sideOf('right') },
    servers: { left: serverOf(spec, mapping.left), right: serverOf(spec, mapping.right) },
    ...(spec.run !== undefined && { run: spec.run }),
    ...(spec.category !== undefined && { category: spec.category }),
    ...(spec.keyPoints !== undefined && { keyPoints: spec.keyPoints }),
  };
}

function serverOf(spec: ComparisonSpec, model: ModelIndex): string {
  const id = spec.servers[model];
  if (id === undefined) throw new Error(`no server record id given for model ${model}`);
  return id;
}

const CATEGORIES = ['coding', 'math', 'writing', 'reasoning', '知识问答', 'general, misc', ''];

export interface VoteSpec {
  at: string;
  verdict?: Verdict;
  scores?: Record<Side, Record<string, number>>;
  comment?: string;
  category?: string;
  id?: string;
  keyPoints?: Record<Side, number[]>;
}

/** A vote on `comparison`, scored on `dimensions` (a few left unscored), failed sides recorded. */
export function buildVote(random: Random, comparison: ComparisonRecord, dimensions: readonly string[], spec: VoteSpec): VoteRecord {
  const scoresOf = () => Object.fromEntries(dimensions.filter(() => random() < 0.9).map((d) => [d, Math.floor(random() * 6)]));
  return {
    type: 'vote',
    at: spec.at,
    id: spec.id ?? uuidFrom(random),
    comparisonId: comparison.id,
    verdict: spec.verdict ?? pick(random, ['left', 'right', 'tie', 'both-bad'] as const),
    scores: spec.scores ?? { left: scoresOf(), right: scoresOf() },
    comment: spec.comment ?? (random() < 0.3 ? textOf(random, 60) : ''),
    category: spec.category ?? pick(random, CATEGORIES),
    failedSides: (['left', 'right'] as const).filter((side) => comparison.sides[side].outcome.kind !== 'done'),
    blind: comparison.blind,
    ...(spec.keyPoints !== undefined && { keyPoints: spec.keyPoints }),
  };
}

export const buildUndo = (vote: VoteRecord, at: string): UndoRecord => ({ type: 'undo', at, voteId: vote.id });

export function buildEdit(vote: VoteRecord, at: string, change: { comment?: string; category?: string }): VoteEditRecord {
  return { type: 'edit', at, voteId: vote.id, ...change };
}

// ─── a whole session ────────────────────────────────────────────────────────────────────────────────────────

export interface OutcomeRates {
  error: number;
  cancelled: number;
}

export interface SessionBuildOptions extends HeaderOptions {
  seed?: number;
  /** Share of comparisons voted (default 0.85). */
  voteRate?: number;
  /** Share of votes undone afterwards (default 0.03); half of those are voted again. */
  undoRate?: number;
  /** Share of votes whose comment or category is edited later (default 0.05). */
  editRate?: number;
  /** Share of comparisons that continue the previous conversation (default 0.25). */
  followUpRate?: number;
  outcomes?: OutcomeRates;
  text?: TextOptions;
  /** Relaunch model 0's server (a new server record) half way (default true). */
  relaunch?: boolean;
}

interface Conversation {
  id: string;
  turn: number;
  leftModel: ModelIndex;
  history: Record<Side, ChatMessage[]>;
}

/** Sides in shuffled blocks of two, as the service assigns them per conversation. */
function sideDrawer(random: Random): () => ModelIndex {
  let block: ModelIndex[] = [];
  return () => {
    if (block.length === 0) block = random() < 0.5 ? [0, 1] : [1, 0];
    return block.shift()!;
  };
}

/**
 * A session's records in file order: header, one server record per model, then `n` comparisons (some continuing a
 * conversation), each followed by its vote, and now and then an undo, a re-vote or an edit.
 */
export function buildSessionRecords(n: number, options: SessionBuildOptions = {}): SessionRecord[] {
  return [...sessionRecords(n, options)];
}

/** The same records one at a time, so a benchmark can write 100,000 comparisons without holding them. */
export function* sessionRecords(n: number, options: SessionBuildOptions = {}): Generator<SessionRecord> {
  const random = seededRandom(options.seed ?? 1);
  const header = buildHeader(random, options);
  const settings = header.settings;
  let clock = Date.parse(header.at);
  const tick = (ms = between(random, 20_000, 60_000)) => new Date((clock += Math.round(ms))).toISOString();
  const servers: [ServerRecord, ServerRecord] = [buildServerRecord(random, 0, tick(1000)), buildServerRecord(random, 1, tick(1000))];
  yield* [header, ...servers];
  const drawLeft = sideDrawer(random);
  const rates = options.outcomes ?? { error: 0.06, cancelled: 0.03 };
  let conversation: Conversation | null = null;
  for (let i = 0; i < n; i += 1) {
    if (options.relaunch !== false && i === Math.floor(n / 2) && n > 1) {
      servers[0] = buildServerRecord(random, 0, tick(2000), studyServerFacts(0, 8003));
      yield servers[0];
    }
    if (conversation === null || random() >= (options.followUpRate ?? 0.25)) {
      conversation = { id: uuidFrom(random), turn: 0, leftModel: drawLeft(), history: { left: [], right: [] } };
    }
    conversation.turn += 1;
    const comparison = buildComparison(random, {
      at: tick(),
      conversationId: conversation.id,
      turn: conversation.turn,
      leftModel: conversation.leftModel,
      history: { left: [...conversation.history.left], right: [...conversation.history.right] },
      outcomes: { left: drawOutcome(random, rates), right: drawOutcome(random, rates) },
      servers: { 0: servers[0].id, 1: servers[1].id },
      settings,
      text: options.text,
    });
    yield comparison;
    for (const side of ['left', 'right'] as const) {
      conversation.history[side].push({ role: 'user', content: comparison.userMessage }, { role: 'assistant', content: comparison.sides[side].content });
    }
    if (random() < (options.voteRate ?? 0.85)) yield* voteEvents(random, comparison, settings.dimensions, tick, options);
  }
}

function voteEvents(random: Random, comparison: ComparisonRecord, dimensions: readonly string[], tick: () => string, options: SessionBuildOptions): SessionRecord[] {
  const vote = buildVote(random, comparison, dimensions, { at: tick() });
  const events: SessionRecord[] = [vote];
  if (random() < (options.undoRate ?? 0.03)) {
    events.push(buildUndo(vote, tick()));
    if (random() < 0.5) events.push(buildVote(random, comparison, dimensions, { at: tick() }));
  } else if (random() < (options.editRate ?? 0.05)) {
    events.push(buildEdit(vote, tick(), random() < 0.5 ? { comment: textOf(random, 40) } : { category: pick(random, CATEGORIES) }));
  }
  return events;
}

/** Records as the session file holds them: one JSON per line. */
export const toJsonl = (records: readonly SessionRecord[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');

export { exportSourceOf, ratedFrom } from './rated-records';
