// The schema of every line of a session file (design §6). A line that does not match is reported corrupt and
// skipped on load, and refused on import. Each schema is checked against its shared type in both directions, so
// the file format and the types the rest of the app uses cannot drift apart.
import { z } from 'zod';
import { INFERENCE_ERROR_KINDS, type SideOutcome } from '../../shared/compare';
import { samplingSchema } from '../../shared/sampling-schema';
import {
  SESSION_FILE_VERSION,
  sessionSettingsSchema,
  VERDICTS,
  MAX_SESSION_MODELS,
  type ComparisonRecord,
  type RunPlacement,
  type RunRecord,
  type SkipRecord,
  type RenamedRecord,
  type ServerFacts,
  type ServerRecord,
  type SessionHeaderRecord,
  type SessionModel,
  type SessionRecord,
  type SettingsRecord,
  type UndoRecord,
  type VoteEditRecord,
  type VoteRecord,
} from '../../shared/sessions';
import { SIDES } from '../../shared/sides';
import { promptSetItemSchema } from '../../shared/prompt-sets';

/** Compiles only when the schema's output is exactly the shared type. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

const at = z.string().min(1, 'needs a time');
const id = z.string().min(1, 'needs an id');
const modelIndex = z.number().int().min(0).max(MAX_SESSION_MODELS - 1);
const side = z.enum(SIDES);
const nullableNumber = z.number().nullable();
const perSide = <T extends z.ZodType>(schema: T) => z.object({ left: schema, right: schema });

const sessionModelSchema = z.object({
  profileId: z.string(),
  name: z.string(),
  engine: z.enum(['vllm', 'endpoint']),
  source: z.string(),
  servedName: z.string(),
  profile: z.record(z.string(), z.unknown()),
  variant: z
    .object({ label: z.string(), systemPrompt: z.string().nullable(), sampling: samplingSchema.omit({ seed: true }).partial() })
    .nullable()
    .optional(),
});

const headerSchema = z.object({
  type: z.literal('session'),
  v: z.literal(SESSION_FILE_VERSION, `only version ${SESSION_FILE_VERSION} of the session file is known`),
  id: z.string().uuid('the session id is not a UUID'),
  at,
  name: z.string(),
  models: z.array(sessionModelSchema).min(2, 'a session compares two models or more').max(MAX_SESSION_MODELS),
  settings: sessionSettingsSchema,
});

const settingsSchema = z.object({ type: z.literal('settings'), at, settings: sessionSettingsSchema });
const renamedSchema = z.object({ type: z.literal('renamed'), at, name: z.string() });

const serverFactsSchema = z.object({
  engine: z.enum(['vllm', 'endpoint']),
  source: z.string(),
  revision: z.string().nullable(),
  vllmVersion: z.string().nullable(),
  argv: z.array(z.string()).nullable(),
  gpuName: z.string().nullable(),
});
const serverSchema = z.object({ type: z.literal('server'), at, id, model: modelIndex, facts: serverFactsSchema });

const timingsSchema = z.object({
  ttftMs: nullableNumber,
  firstContentMs: nullableNumber,
  e2eMs: nullableNumber,
  itlP50Ms: nullableNumber,
  itlP95Ms: nullableNumber,
  tpotMs: nullableNumber,
  decodeTokensPerS: nullableNumber,
  outputTokens: nullableNumber,
  promptTokens: nullableNumber,
  serverTtftMs: nullableNumber,
});
const errorInfoSchema = z.object({
  kind: z.enum(INFERENCE_ERROR_KINDS),
  message: z.string(),
  httpStatus: nullableNumber,
  serverMessage: z.string().nullable(),
});
const outcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('done'), finishReason: z.string().nullable(), timings: timingsSchema }),
  z.object({ kind: z.literal('error'), error: errorInfoSchema, timings: timingsSchema }),
  z.object({ kind: z.literal('cancelled'), timings: timingsSchema }),
]);
const samplingField = samplingSchema.keyof();
const comparisonSideSchema = z.object({
  content: z.string(),
  reasoning: z.string(),
  outcome: outcomeSchema,
  settings: z.object({ sampling: samplingSchema, overridden: z.array(samplingField), systemPrompt: z.string().optional() }),
});
const chatMessageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

const runPlacementSchema = z.object({ runId: id, step: z.number().int().min(0), itemId: z.string(), repeatOf: z.string().nullable() });

const comparisonSchema = z.object({
  type: z.literal('comparison'),
  at,
  startedAt: at,
  id,
  conversationId: id,
  turn: z.number().int().min(0),
  replaces: z.string().nullable(),
  mapping: perSide(modelIndex),
  firstWritten: side,
  blind: z.boolean(),
  equalReveal: z.boolean(),
  systemPrompt: z.string(),
  userMessage: z.string(),
  history: perSide(z.array(chatMessageSchema)),
  seed: nullableNumber,
  sides: perSide(comparisonSideSchema),
  servers: perSide(z.string()),
  run: runPlacementSchema.nullable().optional(),
  category: z.string().optional(),
  keyPoints: z.array(z.string()).optional(),
});

const voteSchema = z.object({
  type: z.literal('vote'),
  at,
  id,
  comparisonId: id,
  verdict: z.enum(VERDICTS),
  scores: perSide(z.record(z.string(), z.number())),
  comment: z.string(),
  category: z.string(),
  failedSides: z.array(side),
  blind: z.boolean(),
  keyPoints: perSide(z.array(z.number().int().min(0))).optional(),
});
const undoSchema = z.object({ type: z.literal('undo'), at, voteId: id });
const editSchema = z.object({ type: z.literal('edit'), at, voteId: id, comment: z.string().optional(), category: z.string().optional() });

const runSchema = z.object({
  type: z.literal('run'),
  at,
  id,
  promptSetId: z.string(),
  name: z.string(),
  items: z.array(promptSetItemSchema),
  steps: z.array(z.object({ item: z.number().int().min(0), repeatOf: z.number().int().min(0).nullable() })),
  seed: z.number(),
  repeatShare: z.number(),
});
const skipSchema = z.object({ type: z.literal('skip'), at, runId: id, step: z.number().int().min(0) });

const recordSchema = z.discriminatedUnion('type', [headerSchema, settingsSchema, renamedSchema, serverSchema, comparisonSchema, voteSchema, undoSchema, editSchema, runSchema, skipSchema]);

// Drift checks: each line fails tsc if a shared type and its schema disagree.
const checks: [
  Exact<z.output<typeof sessionModelSchema>, SessionModel>,
  Exact<z.output<typeof headerSchema>, SessionHeaderRecord>,
  Exact<z.output<typeof settingsSchema>, SettingsRecord>,
  Exact<z.output<typeof renamedSchema>, RenamedRecord>,
  Exact<z.output<typeof serverFactsSchema>, ServerFacts>,
  Exact<z.output<typeof serverSchema>, ServerRecord>,
  Exact<z.output<typeof outcomeSchema>, SideOutcome>,
  Exact<z.output<typeof comparisonSchema>, ComparisonRecord>,
  Exact<z.output<typeof voteSchema>, VoteRecord>,
  Exact<z.output<typeof undoSchema>, UndoRecord>,
  Exact<z.output<typeof editSchema>, VoteEditRecord>,
  Exact<z.output<typeof runPlacementSchema>, RunPlacement>,
  Exact<z.output<typeof runSchema>, RunRecord>,
  Exact<z.output<typeof skipSchema>, SkipRecord>,
  Exact<z.output<typeof recordSchema>, SessionRecord>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void checks;

/** One readable sentence for the first few problems of a refused line. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * Checks one parsed line and returns it as a record, or throws with the reason. It returns the value it was given,
 * not zod's copy: zod's copy would put keys in schema order and drop fields a newer Pairwise added, and the
 * lossless export must give back the file's records as they were written.
 */
export function parseSessionRecord(value: unknown): SessionRecord {
  const result = recordSchema.safeParse(value);
  if (!result.success) {
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    const kind = typeof type === 'string' ? `a "${type}" record` : 'a record';
    throw new Error(`not ${kind} Pairwise can read (${describeIssues(result.error)})`);
  }
  return value as SessionRecord;
}

/** The header alone: what the first line of every session file must be. */
export function parseSessionHeader(value: unknown): SessionHeaderRecord {
  const record = parseSessionRecord(value);
  if (record.type !== 'session') throw new Error(`the first record is a "${record.type}" record, not the session's header`);
  return record;
}

// ─── the light check on load ────────────────────────────────────────────────────────────────────────────────
// Loading a session's own file checks by hand what the index keeps of each comparison, vote, undo and edit — their
// whole bulk — instead of running the full schema over 100,000 comparisons (issue 9: half a second of a load). The
// file's records were checked against the full schema when they were appended or imported; what the light check is
// for is a line damaged since (a disk error, a hand edit, a torn write in the middle), which it reports corrupt as
// the full schema would, so that nothing the index or the history list reads is ever of the wrong type. A comparison
// the light check lets through is read back from the file whole when it is shown; what the index does not read is
// not checked on load. The rare records (header, settings, renamed, server) get the full schema.

type Problem = [path: string, message: string];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullableNumber = (value: unknown): boolean => value === null || typeof value === 'number';
const isNonEmptyString = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const isModelIndex = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < MAX_SESSION_MODELS;
const isSide = (value: unknown): boolean => value === 'left' || value === 'right';
const OUTCOME_KINDS: readonly unknown[] = ['done', 'error', 'cancelled'];
const VERDICT_VALUES: readonly unknown[] = VERDICTS;
const CHECKED_TIMINGS = ['ttftMs', 'decodeTokensPerS', 'e2eMs', 'outputTokens'] as const;

function comparisonProblem(record: Record<string, unknown>): Problem | null {
  if (!isNonEmptyString(record.id)) return ['id', 'needs an id'];
  if (!isNonEmptyString(record.conversationId)) return ['conversationId', 'needs an id'];
  if (typeof record.turn !== 'number' || !Number.isInteger(record.turn) || record.turn < 0) return ['turn', 'needs a whole number from 0'];
  const { mapping, sides } = record;
  if (!isObject(mapping)) return ['mapping', 'needs an object'];
  for (const side of SIDES) if (!isModelIndex(mapping[side])) return [`mapping.${side}`, `needs a model number from 0 to ${MAX_SESSION_MODELS - 1}`];
  if (typeof record.blind !== 'boolean') return ['blind', 'needs true or false'];
  if (typeof record.userMessage !== 'string') return ['userMessage', 'needs a string'];
  if (!isObject(sides)) return ['sides', 'needs an object'];
  for (const side of SIDES) {
    const entry = sides[side];
    if (!isObject(entry)) return [`sides.${side}`, 'needs an object'];
    if (typeof entry.content !== 'string') return [`sides.${side}.content`, 'needs a string'];
    const { outcome } = entry;
    if (!isObject(outcome)) return [`sides.${side}.outcome`, 'needs an object'];
    if (!OUTCOME_KINDS.includes(outcome.kind)) return [`sides.${side}.outcome.kind`, 'needs "done", "error" or "cancelled"'];
    const { timings } = outcome;
    if (!isObject(timings)) return [`sides.${side}.outcome.timings`, 'needs an object'];
    for (const timing of CHECKED_TIMINGS) if (!isNullableNumber(timings[timing])) return [`sides.${side}.outcome.timings.${timing}`, 'needs a number or null'];
  }
  return runFieldsProblem(record);
}

/** What the index reads of a prompt set comparison: where it stands in its run, its category, its key points. */
function runFieldsProblem(record: Record<string, unknown>): Problem | null {
  const { run } = record;
  if (run !== undefined && run !== null) {
    if (!isObject(run) || !isNonEmptyString(run.runId) || typeof run.itemId !== 'string') return ['run', 'needs runId and itemId'];
    if (typeof run.step !== 'number' || !Number.isInteger(run.step) || run.step < 0) return ['run.step', 'needs a whole number from 0'];
    if (run.repeatOf !== null && typeof run.repeatOf !== 'string') return ['run.repeatOf', 'needs an id or null'];
  }
  if (record.category !== undefined && typeof record.category !== 'string') return ['category', 'needs a string'];
  if (record.keyPoints !== undefined && !(Array.isArray(record.keyPoints) && record.keyPoints.every((point) => typeof point === 'string'))) return ['keyPoints', 'needs a list of strings'];
  return null;
}

/** A vote is kept whole (the exports read its scores), so all of it is checked; a vote is small. */
function voteProblem(record: Record<string, unknown>): Problem | null {
  if (!isNonEmptyString(record.id)) return ['id', 'needs an id'];
  if (!isNonEmptyString(record.comparisonId)) return ['comparisonId', 'needs an id'];
  if (!VERDICT_VALUES.includes(record.verdict)) return ['verdict', `needs one of ${VERDICTS.join(', ')}`];
  const { scores } = record;
  if (!isObject(scores)) return ['scores', 'needs an object'];
  for (const side of SIDES) {
    const perSide = scores[side];
    if (!isObject(perSide)) return [`scores.${side}`, 'needs an object'];
    for (const [dimension, score] of Object.entries(perSide)) if (typeof score !== 'number') return [`scores.${side}.${dimension}`, 'needs a number'];
  }
  if (typeof record.comment !== 'string') return ['comment', 'needs a string'];
  if (typeof record.category !== 'string') return ['category', 'needs a string'];
  if (!Array.isArray(record.failedSides) || !record.failedSides.every(isSide)) return ['failedSides', 'needs a list of sides'];
  if (typeof record.blind !== 'boolean') return ['blind', 'needs true or false'];
  const { keyPoints } = record;
  if (keyPoints !== undefined) {
    if (!isObject(keyPoints)) return ['keyPoints', 'needs an object'];
    for (const side of SIDES) {
      const ticks = keyPoints[side];
      if (!Array.isArray(ticks) || !ticks.every((tick) => Number.isInteger(tick) && tick >= 0)) return [`keyPoints.${side}`, 'needs a list of key point numbers'];
    }
  }
  return null;
}

function editProblem(record: Record<string, unknown>): Problem | null {
  if (!isNonEmptyString(record.voteId)) return ['voteId', 'needs an id'];
  if (record.comment !== undefined && typeof record.comment !== 'string') return ['comment', 'needs a string'];
  if (record.category !== undefined && typeof record.category !== 'string') return ['category', 'needs a string'];
  return null;
}

/**
 * The light check of a record after the header, on loading a session's own file (see above): returns the value it
 * was given as a record, or throws with the reason, in the words parseSessionRecord uses. Never stricter than
 * parseSessionRecord: whatever the full schema accepts, this accepts.
 */
export function checkStoredRecord(value: unknown): SessionRecord {
  if (!isObject(value)) return parseSessionRecord(value);
  let problem: Problem | null;
  switch (value.type) {
    case 'comparison':
      problem = comparisonProblem(value);
      break;
    case 'vote':
      problem = voteProblem(value);
      break;
    case 'undo':
      problem = isNonEmptyString(value.voteId) ? null : ['voteId', 'needs an id'];
      break;
    case 'edit':
      problem = editProblem(value);
      break;
    default:
      return parseSessionRecord(value);
  }
  if (problem === null && !isNonEmptyString(value.at)) problem = ['at', 'needs a time'];
  if (problem !== null) throw new Error(`not a "${value.type as string}" record Pairwise can read (${problem[0]}: ${problem[1]})`);
  return value as unknown as SessionRecord;
}
