// Prompt sets' limits and defaults, without zod, so the renderer can import them (prompt-sets.ts builds its schemas
// from these and re-exports them for the services).

export const MAX_PROMPT_SET_ITEMS = 10_000;
export const MAX_KEY_POINTS = 20;
export const MAX_KEY_POINT_LENGTH = 500;
export const MAX_PROMPT_SET_BYTES = 16 * 1024 * 1024;
export const PROMPT_SET_FORMATS = ['csv', 'jsonl'] as const;
export type PromptSetFormat = (typeof PROMPT_SET_FORMATS)[number];

/** The share of a run's prompts shown again later with the sides swapped (hidden repeats), by default. */
export const DEFAULT_REPEAT_SHARE = 0.1;
export const MAX_REPEAT_SHARE = 0.5;
