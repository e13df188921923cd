import { existsSync, readFileSync } from 'node:fs';
import { samplingSchema } from '../../shared/sampling-schema';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/settings';
import { keepAside } from './keep-aside';

export type SettingsFileProblem =
  | { kind: 'unreadable'; keptAs: string; detail: string }
  | { kind: 'invalid-fields'; keptAs: string; fields: { path: string; message: string }[] };

export interface LoadedSettingsFile {
  settings: Settings;
  /** True when what is on disk differs from `settings` (fields dropped or reset) and must be rewritten. */
  needsRewrite: boolean;
  problem?: SettingsFileProblem;
}

/**
 * Reads settings.json before the store library opens it, so that damage is handled our way: a file that is
 * not JSON is moved aside whole; a file with some invalid fields is copied aside and only those fields fall
 * back to defaults. Nothing is ever silently reset.
 */
export function loadSettingsFile(file: string, now: Date): LoadedSettingsFile {
  if (!existsSync(file)) return { settings: structuredClone(DEFAULT_SETTINGS), needsRewrite: false };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const keptAs = keepAside(file, 'corrupt', now, 'move');
    return { settings: structuredClone(DEFAULT_SETTINGS), needsRewrite: true, problem: { kind: 'unreadable', keptAs, detail: (error as Error).message } };
  }
  if (!isPlainObject(raw)) {
    const keptAs = keepAside(file, 'corrupt', now, 'move');
    return { settings: structuredClone(DEFAULT_SETTINGS), needsRewrite: true, problem: { kind: 'unreadable', keptAs, detail: 'the file does not hold a JSON object' } };
  }
  const { settings, fields, dropped } = salvage(raw);
  if (fields.length === 0) return { settings, needsRewrite: dropped };
  const keptAs = keepAside(file, 'invalid', now, 'copy');
  return { settings, needsRewrite: true, problem: { kind: 'invalid-fields', keptAs, fields } };
}

/** Keeps every valid field, replaces each invalid one with its default, and lists what was replaced. */
function salvage(raw: Record<string, unknown>): { settings: Settings; fields: { path: string; message: string }[]; dropped: boolean } {
  const settings = structuredClone(DEFAULT_SETTINGS);
  const fields: { path: string; message: string }[] = [];
  const take = <T>(path: string, value: unknown, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, set: (v: T) => void) => {
    if (value === undefined) return;
    const parsed = schema.safeParse(value);
    if (parsed.success) set(parsed.data);
    else fields.push({ path, message: parsed.error.issues[0]?.message ?? 'invalid' });
  };
  const shape = settingsSchema.shape;
  take('theme', raw.theme, shape.theme, (v) => (settings.theme = v));
  take('dataFolder', raw.dataFolder, shape.dataFolder, (v) => (settings.dataFolder = v));
  const sampling = raw.sampling;
  if (sampling !== undefined && !isPlainObject(sampling)) fields.push({ path: 'sampling', message: 'expected an object' });
  if (isPlainObject(sampling)) {
    const s = samplingSchema.shape;
    take('sampling.temperature', sampling.temperature, s.temperature, (v) => (settings.sampling.temperature = v));
    take('sampling.topP', sampling.topP, s.topP, (v) => (settings.sampling.topP = v));
    take('sampling.maxTokens', sampling.maxTokens, s.maxTokens, (v) => (settings.sampling.maxTokens = v));
    take('sampling.seed', sampling.seed, s.seed, (v) => (settings.sampling.seed = v));
  }
  const known = new Set(Object.keys(shape));
  const dropped = Object.keys(raw).some((key) => !known.has(key));
  return { settings, fields, dropped };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
