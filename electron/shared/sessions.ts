// Rating sessions (design §5–6, issue 9): a named blind evaluation of a model pair, kept as an append-only JSONL
// file of records, and the requests the renderer makes about it. Types and schemas shared by main and renderer;
// the renderer imports this file for types only (`import type`), the vocabularies from session-values.ts.
import { z } from 'zod';
import type { ComparisonSnapshot, SideOutcome } from './compare';
import { profileIdSchema } from './profiles';
import { samplingSchema, type SamplingParams } from './sampling-schema';
import {
  EXPORT_FORMATS,
  MAX_CATEGORY_LENGTH,
  MAX_IMPORT_BYTES,
  MAX_COMMENT_LENGTH,
  MAX_DIMENSION_LENGTH,
  MAX_DIMENSIONS,
  MAX_SESSION_NAME_LENGTH,
  MAX_SESSION_MODELS,
  MAX_VARIANT_LABEL_LENGTH,
  SCORE_MAX,
  SCORE_MIN,
  SEED_POLICIES,
  VERDICTS,
  createSessionIssue,
  type ModelIndex,
  type SeedPolicy,
  type Verdict,
} from './session-values';
import { SIDES, type Side } from './sides';
import type { RunView } from './prompt-sets';
import type { ComparisonRecord, ServerFacts, VoteRecord } from './session-file';

export * from './session-values';

export const sessionIdSchema = z.string().uuid();
const comparisonIdSchema = z.string().uuid();

const dimensionSchema = z.string().trim().min(1, 'a score dimension needs a name').max(MAX_DIMENSION_LENGTH);
const dimensionsSchema = z
  .array(dimensionSchema)
  .max(MAX_DIMENSIONS, `at most ${MAX_DIMENSIONS} score dimensions`)
  .refine((dims) => new Set(dims.map((d) => d.toLowerCase())).size === dims.length, 'each score dimension once');

export const sessionSettingsSchema = z
  .object({
    systemPrompt: z.string().max(100_000),
    sampling: samplingSchema,
    seedPolicy: z.enum(SEED_POLICIES),
    /** Sides hidden until the vote (default on). */
    blind: z.boolean(),
    /** Both answers shown only once both are complete, and timings only after the vote. */
    equalReveal: z.boolean(),
    /** What each side is scored on, 0–5 (default: accuracy, helpfulness, fluency); may be empty. */
    dimensions: dimensionsSchema,
  })
  .strict();
export type SessionSettings = z.infer<typeof sessionSettingsSchema>;

const sessionNameSchema = z.string().trim().min(1, 'give the session a name').max(MAX_SESSION_NAME_LENGTH);

/** One setting of a model in a variant session: its own system prompt and sampling changes. */
export const sessionVariantSchema = z
  .object({
    label: z.string().trim().min(1, 'give each variant a label').max(MAX_VARIANT_LABEL_LENGTH),
    /** Replaces the session's system prompt on this variant's side; null: the session's. */
    systemPrompt: z.string().max(100_000).nullable(),
    /** Changes to the session's sampling on this variant's side (not the seed: both sides of a turn share it). */
    sampling: samplingSchema.omit({ seed: true }).partial().strict(),
  })
  .strict();
export type SessionVariant = z.infer<typeof sessionVariantSchema>;

export const createSessionSchema = z
  .object({
    name: sessionNameSchema,
    /** Two or more different profiles; or, with variants, exactly one. */
    profileIds: z.array(profileIdSchema).min(1, 'pick the models to compare').max(MAX_SESSION_MODELS, `at most ${MAX_SESSION_MODELS} models`),
    /** A variant session: one profile under two or more settings. */
    variants: z.array(sessionVariantSchema).min(2, 'a variant session needs two variants').max(MAX_SESSION_MODELS).optional(),
    settings: sessionSettingsSchema,
  })
  .strict()
  .superRefine((input, ctx) => {
    const issue = createSessionIssue(input.profileIds, input.variants);
    if (issue) ctx.addIssue({ code: 'custom', message: issue, path: [input.variants ? 'variants' : 'profileIds'] });
  });
export type CreateSession = z.infer<typeof createSessionSchema>;


export const renameSessionSchema = z.object({ sessionId: sessionIdSchema, name: sessionNameSchema }).strict();
export const updateSessionSettingsSchema = z.object({ sessionId: sessionIdSchema, settings: sessionSettingsSchema }).strict();
export const sessionRefSchema = z.object({ sessionId: sessionIdSchema }).strict();

export const sessionTurnSchema = z
  .object({
    sessionId: sessionIdSchema,
    /** Made by the renderer before it sends, so every delta it receives belongs to a turn it already shows. */
    comparisonId: comparisonIdSchema,
    /** Continue this conversation; null starts a new one (and draws its sides). */
    conversationId: z.string().uuid().nullable(),
    userMessage: z.string().min(1, 'type a prompt first').max(1_000_000),
  })
  .strict();
export type SessionTurn = z.infer<typeof sessionTurnSchema>;

const scoreSchema = z.number().int('scores are whole numbers').min(SCORE_MIN).max(SCORE_MAX);
const scoresSchema = z.record(dimensionSchema, scoreSchema);
const keyPointTicksSchema = z.array(z.number().int().min(0).max(99)).max(100).refine((ticks) => new Set(ticks).size === ticks.length, 'each key point once');

export const voteSchema = z
  .object({
    sessionId: sessionIdSchema,
    comparisonId: comparisonIdSchema,
    verdict: z.enum(VERDICTS),
    /** Per side, per dimension of the session; a dimension left out was not scored. */
    scores: z.object({ left: scoresSchema, right: scoresSchema }).strict(),
    comment: z.string().max(MAX_COMMENT_LENGTH),
    category: z.string().trim().max(MAX_CATEGORY_LENGTH),
    /** Per side, the key points (their positions in the comparison's list) the answer covers. */
    keyPoints: z.object({ left: keyPointTicksSchema, right: keyPointTicksSchema }).strict().optional(),
  })
  .strict();
export type VoteInput = z.infer<typeof voteSchema>;

/** A later change to a vote's comment or category, kept as an `edit` record (the vote itself is never rewritten). */
export const editVoteSchema = z
  .object({
    sessionId: sessionIdSchema,
    comparisonId: comparisonIdSchema,
    comment: z.string().max(MAX_COMMENT_LENGTH).optional(),
    category: z.string().trim().max(MAX_CATEGORY_LENGTH).optional(),
  })
  .strict()
  .refine((edit) => edit.comment !== undefined || edit.category !== undefined, 'change the comment, the category or both');

export const undoVoteSchema = z.object({ sessionId: sessionIdSchema, voteId: z.string().uuid() }).strict();

export const historyQuerySchema = z
  .object({
    sessionId: sessionIdSchema,
    /** Case-insensitive, in the prompt, both answers, the comment and the category. */
    text: z.string().max(200).optional(),
    /** 'none': not voted (or its vote undone). */
    verdict: z.enum([...VERDICTS, 'none']).optional(),
    category: z.string().max(MAX_CATEGORY_LENGTH).optional(),
    /** Comparisons in which this model (by its position in the session) won. */
    winner: z.number().int().min(0).max(MAX_SESSION_MODELS - 1).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

export const comparisonRefSchema = z.object({ sessionId: sessionIdSchema, comparisonId: comparisonIdSchema }).strict();

/** A JSONL export, as text; restored under its own id (refused if that session exists, unless asCopy). */
export const importSessionSchema = z
  .object({ jsonl: z.string().min(1).max(MAX_IMPORT_BYTES, 'this file is too big to import here: use `npm run pairwise -- import --in FILE`'), asCopy: z.boolean().optional() })
  .strict();

export const exportRequestSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** null: every session (not the trash). */
    sessionId: sessionIdSchema.nullable(),
  })
  .strict();
export type ExportRequest = z.infer<typeof exportRequestSchema>;


export * from './session-file';

// ─── what the renderer is told ──────────────────────────────────────────────────────────────────────────────

/** A model as the renderer may see it: only once the comparison is revealed (or the session is not blind). */
export interface RevealedModel {
  model: ModelIndex;
  name: string;
  servedName: string;
  source: string;
}

/** Sent after a vote is saved (and at once in a session that is not blind). */
export interface Reveal {
  sessionId: string | null;
  comparisonId: string;
  sides: Record<Side, RevealedModel>;
  /** Equal reveal held the timings back: here they are, per side. null when they were shown all along. */
  outcomes: Record<Side, SideOutcome> | null;
}

/** A session in lists (History, the resume picker). Names the models: never sent during a blind turn. */
export interface SessionSummary {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  models: string[];
  comparisons: number;
  votes: number;
  blind: boolean;
  trashed: boolean;
}

/** The current session as Compare shows it: no model names while it is blind. */
export interface SessionView {
  id: string;
  name: string;
  createdAt: string;
  settings: SessionSettings;
  comparisons: number;
  votes: number;
  /** The models' names, or null while the session is blind. */
  models: string[] | null;
  /** How many models the session compares (known even while blind: the draw of pairs is no secret). */
  modelCount: number;
  /** A variant session: one model under several settings. */
  variants: boolean;
  /** The prompt set run in progress (the last one started), or null. */
  run: RunView | null;
  /** Why nothing can be written here (another process holds the session), or null. */
  readOnly: string | null;
  /** What loading found (a dropped torn line, skipped corrupt lines). */
  notices: string[];
  /** Why a turn cannot be sent now (a model is not ready), worded without naming it; null when both are ready. */
  notReady: string | null;
}

export interface VoteSaved {
  voteId: string;
  comparisonId: string;
  reveal: Reveal;
  votes: number;
}

export interface VoteUndone {
  voteId: string;
  comparisonId: string;
  votes: number;
}

/** One side of a comparison in the history list. */
export interface HistorySide {
  /** null while the comparison is blind and not voted. */
  model: RevealedModel | null;
  /** The start of the answer (the full text comes with sessions.comparison). */
  preview: string;
  outcome: SideOutcome['kind'];
  ttftMs: number | null;
  decodeTokensPerS: number | null;
  e2eMs: number | null;
  outputTokens: number | null;
}

export interface HistoryItem {
  comparisonId: string;
  conversationId: string;
  turn: number;
  at: string;
  userMessage: string;
  verdict: Verdict | null;
  voteId: string | null;
  category: string;
  comment: string;
  sides: Record<Side, HistorySide>;
}

export interface HistoryPage {
  total: number;
  /** Every comparison in the session, before filters. */
  all: number;
  items: HistoryItem[];
  /** The categories used in the session, for the filter. */
  categories: string[];
  /** The models' names (history is outside the blind turn; unvoted blind rows still hide theirs). */
  models: string[];
}

/** A whole comparison, for the history's detail and for reopening. */
/** A comparison record as the renderer may see it: while blind and not voted, who was where is withheld. */
export type ComparisonView = Omit<ComparisonRecord, 'mapping' | 'servers'> & { mapping: Record<Side, ModelIndex> | null; servers: Record<Side, string> | null };

export interface ComparisonDetail {
  record: ComparisonView;
  vote: VoteRecord | null;
  /** null while blind and not voted: then `record.mapping`, `record.servers` and `servers` are null too. */
  reveal: Reveal | null;
  servers: Record<Side, ServerFacts> | null;
}

/** A recorded conversation handed back to Compare (History's "Reopen in Compare"), with the votes its turns have. */
export interface ReopenedConversation {
  session: SessionView;
  turns: ComparisonSnapshot[];
  votes: { comparisonId: string; voteId: string; verdict: Verdict }[];
}

export type ExportDelivery =
  | { kind: 'saved'; path: string; bytes: number }
  | { kind: 'download'; url: string; filename: string }
  | { kind: 'cancelled' };

export type { SamplingParams, SeedPolicy, Side, Verdict };
export { SIDES };
