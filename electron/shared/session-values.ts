// Rating sessions' fixed vocabularies, without zod, so the renderer can import them (sessions.ts builds its
// schemas from these lists and re-exports them for the services).

/** A better (the left answer), B better (the right answer), tie, both bad: keys 1, 2, 3, 4. */
export const VERDICTS = ['left', 'right', 'tie', 'both-bad'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The study's scale (seed-study: accuracy and fluency, 0 to 5). */
export const SCORE_MIN = 0;
export const SCORE_MAX = 5;
export const DEFAULT_DIMENSIONS = ['accuracy', 'helpfulness', 'fluency'] as const;
export const MAX_DIMENSIONS = 8;
export const MAX_DIMENSION_LENGTH = 40;
export const MAX_CATEGORY_LENGTH = 60;
export const MAX_COMMENT_LENGTH = 10_000;
export const MAX_SESSION_NAME_LENGTH = 120;

/**
 * How a session seeds its requests. 'as-set': the sampling's seed as it is (none, or one fixed value for every
 * turn). 'random-per-turn': each comparison draws a fresh seed, the same for both sides, and records it, so a
 * turn is reproducible and no turn repeats another.
 */
export const SEED_POLICIES = ['as-set', 'random-per-turn'] as const;
export type SeedPolicy = (typeof SEED_POLICIES)[number];

/** 'stats': the statistics summary (services/stats), one row per estimate. */
export const EXPORT_FORMATS = ['csv', 'jsonl', 'battles', 'stats'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which of a session's models: its position in the session (model 1, 2, … in files, never shown blind). */
export type ModelIndex = number;

/** A session compares 2 to MAX_SESSION_MODELS models (profiles, or variants of one profile). */
export const MAX_SESSION_MODELS = 8;
export const MAX_VARIANT_LABEL_LENGTH = 40;

/**
 * The largest JSONL export the app imports through its window (the text travels as one request). Bigger files
 * import with `npm run pairwise -- import`, which reads the file itself.
 */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** What tells two variants of a session apart (the shape of `sessionVariantSchema`, without zod). */
export interface VariantSettings {
  label: string;
  systemPrompt: string | null;
  sampling: Record<string, unknown>;
}

/** What is wrong with a session's models, or null (one rule for the form and for main). */
export function createSessionIssue(profileIds: readonly string[], variants: readonly VariantSettings[] | undefined): string | null {
  if (variants) {
    if (profileIds.length !== 1) return 'a variant session compares one model: pick exactly one';
    const labels = new Set(variants.map((v) => v.label.toLowerCase()));
    if (labels.size !== variants.length) return 'give each variant its own label';
    const settings = new Set(variants.map((v) => JSON.stringify([v.systemPrompt, Object.entries(v.sampling).sort()])));
    if (settings.size !== variants.length) return 'two variants have the same settings: change one';
    return null;
  }
  if (profileIds.length < 2) return 'pick at least two models';
  if (new Set(profileIds).size !== profileIds.length) return 'pick different models (or make a variant session)';
  return null;
}
