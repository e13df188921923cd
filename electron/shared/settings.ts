import { z } from 'zod';
import { isAbsolutePath } from './paths';
import { samplingSchema } from './sampling-schema';
import { THEMES } from './settings-values';

export { DEFAULT_SETTINGS, THEMES } from './settings-values';

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
