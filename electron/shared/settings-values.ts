// Plain values about settings, apart from the zod schema so the renderer can use them without bundling zod.
import type { Settings } from './settings';

export const THEMES = ['system', 'light', 'dark'] as const;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  dataFolder: null,
  sampling: { temperature: 0.7, topP: 0.95, maxTokens: 1024, seed: null },
};
