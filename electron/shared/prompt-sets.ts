// Prompt sets (issue 10): a list of prompts, each with its category, system prompt, reference answer and key
// points, imported from CSV or JSONL and run through a blind session one prompt at a time. Types and schemas
// shared by main and the renderer (the renderer imports types only).
import { z } from 'zod';
import { sessionIdSchema } from './sessions';
import { MAX_CATEGORY_LENGTH } from './session-values';
import { MAX_KEY_POINT_LENGTH, MAX_KEY_POINTS, MAX_PROMPT_SET_BYTES, MAX_REPEAT_SHARE, PROMPT_SET_FORMATS } from './prompt-set-values';

export * from './prompt-set-values';
export { MAX_CATEGORY_LENGTH };

export const promptSetIdSchema = z.string().regex(/^[a-z0-9-]{1,80}$/, 'not a prompt set id');

export const promptSetItemSchema = z
  .object({
    /** Stable within its set (from the file's `id` column, else its row number). */
    id: z.string().min(1).max(200),
    prompt: z.string().min(1).max(1_000_000),
    category: z.string().trim().max(MAX_CATEGORY_LENGTH),
    /** Replaces the session's system prompt for this prompt; null: the session's. */
    systemPrompt: z.string().max(100_000).nullable(),
    reference: z.string().max(1_000_000).nullable(),
    /** What a complete answer mentions; the vote screen offers them as a checklist per side. */
    keyPoints: z.array(z.string().trim().min(1).max(MAX_KEY_POINT_LENGTH)).max(MAX_KEY_POINTS),
    /** BCP 47 language tag when the file gives one (the sample set: "en" or "zh"). */
    lang: z.string().max(20).nullable(),
  })
  .strict();
export type PromptSetItem = z.infer<typeof promptSetItemSchema>;

export interface PromptSet {
  id: string;
  name: string;
  createdAt: string;
  /** The file it came from (its name only), or "sample" for the set that ships with Pairwise. */
  source: string;
  items: PromptSetItem[];
}

export interface PromptSetSummary {
  id: string;
  name: string;
  createdAt: string;
  source: string;
  items: number;
  categories: { category: string; count: number }[];
  withKeyPoints: number;
  withReference: number;
}

export const importPromptSetSchema = z
  .object({
    name: z.string().trim().min(1, 'give the prompt set a name').max(120),
    format: z.enum(PROMPT_SET_FORMATS),
    /** The file's text. */
    text: z.string().min(1, 'the file is empty').max(MAX_PROMPT_SET_BYTES, 'this file is too big for a prompt set'),
    /** Its file name, kept as the set's source. */
    fileName: z.string().max(255),
  })
  .strict();
export type ImportPromptSet = z.infer<typeof importPromptSetSchema>;

export interface PromptSetImported {
  set: PromptSetSummary;
  /** Rows skipped or changed, each with its line number and what to do. */
  warnings: string[];
}

export const promptSetRefSchema = z.object({ promptSetId: promptSetIdSchema }).strict();

// ─── a run of a set through a session ──────────────────────────────────────────────────────────────────────

export const startRunSchema = z
  .object({
    sessionId: sessionIdSchema,
    promptSetId: promptSetIdSchema,
    /** Only these categories (empty: all). */
    categories: z.array(z.string().max(MAX_CATEGORY_LENGTH)).max(100),
    /** Shuffle the prompts (seeded, recorded) or keep the file's order. */
    shuffle: z.boolean(),
    repeatShare: z.number().min(0).max(MAX_REPEAT_SHARE),
  })
  .strict();
export type StartRun = z.infer<typeof startRunSchema>;

export const runNextSchema = z
  .object({
    sessionId: sessionIdSchema,
    /** Made by the renderer, as for sessions.turn. */
    comparisonId: z.string().uuid(),
    runId: z.string().uuid(),
    /** The step the page shows (refused if the run has moved on: another window ran it). */
    step: z.number().int().min(0),
  })
  .strict();

export const skipStepSchema = z.object({ sessionId: sessionIdSchema, runId: z.string().uuid(), step: z.number().int().min(0) }).strict();

/** A step of a run as Compare shows it: no word of whether it is a hidden repeat. */
export interface RunStepView {
  step: number;
  prompt: string;
  category: string;
  keyPoints: string[];
  /** The prompt's own system prompt, when it has one. */
  systemPrompt: string | null;
}

export interface RunView {
  runId: string;
  name: string;
  /** Steps in all, repeats included. */
  total: number;
  /** Steps with a vote. */
  voted: number;
  skipped: number;
  /** The step to run next, or null when the run is over. */
  next: RunStepView | null;
  /** The step run last and not voted yet (its comparison id), so a restart comes back to its vote. */
  pending: { step: number; comparisonId: string } | null;
}
