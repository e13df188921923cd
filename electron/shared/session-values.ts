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
