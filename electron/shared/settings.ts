import { z } from 'zod';
import { THEMES } from './settings-values';

export { DEFAULT_SETTINGS, THEMES } from './settings-values';

/** Absolute on POSIX (`/x`) or Windows (`C:\x`, `\\server\share`); checked without node:path so this stays pure. */
export function isAbsolutePath(value: string): boolean {
  return /^\//.test(value) || /^[A-Za-z]:[\\/]/.test(value) || /^\\\\[^\\]+\\/.test(value);
}

export const samplingSchema = z
  .object({
    temperature: z.number().min(0, 'temperature must be 0 or more').max(2, 'temperature must be 2 or less'),
    topP: z.number().gt(0, 'top_p must be above 0').max(1, 'top_p must be 1 or less'),
    maxTokens: z.number().int('max tokens must be a whole number').min(1, 'max tokens must be at least 1').max(1_048_576, 'max tokens must be at most 1,048,576'),
    /** null = no seed: each request samples afresh. */
    seed: z.number().int('seed must be a whole number').min(0, 'seed must be 0 or more').max(2 ** 31 - 1, 'seed must be below 2^31').nullable(),
  })
  .strict();
export type SamplingSettings = z.infer<typeof samplingSchema>;

export const settingsSchema = z
  .object({
    theme: z.enum(THEMES),
    /** Where rating sessions, server logs and exports live; null = the default folder inside the app's data. */
    dataFolder: z
      .string()
      .min(1)
      .refine(isAbsolutePath, 'the data folder must be an absolute path, e.g. /home/me/pairwise')
      .nullable(),
    sampling: samplingSchema,
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

/** A partial update: any top-level field, and any subset of the sampling settings. */
export const settingsPatchSchema = z
  .object({
    theme: settingsSchema.shape.theme.optional(),
    dataFolder: settingsSchema.shape.dataFolder.optional(),
    sampling: samplingSchema.partial().strict().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
