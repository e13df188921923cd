// The sampling fields of the settings drawer as typed text, and their translation into what compare.start
// takes: shared values for both sides plus per-side overrides (empty = "same as both").
import type { SamplingParams, StartComparison } from '../../../../electron/shared/compare';
import { SIDES, type Side } from '../../../../electron/shared/sides';
import { groupThousands } from './timing-format';

export const SAMPLING_FIELDS = ['temperature', 'topP', 'maxTokens', 'seed'] as const;
export type SamplingField = (typeof SAMPLING_FIELDS)[number];

export const FIELD_LABELS: Record<SamplingField, string> = {
  temperature: 'Temperature',
  topP: 'Top p',
  maxTokens: 'Max tokens',
  seed: 'Seed',
};

export type FieldTexts = Record<SamplingField, string>;
/** Which column of the drawer: the values both sides get, or one side's overrides. */
export type Column = 'both' | Side;

export interface SamplingDraft {
  both: FieldTexts;
  left: FieldTexts;
  right: FieldTexts;
}

export interface ParsedSampling {
  /** null when a shared field is invalid. */
  sampling: SamplingParams | null;
  overrides: StartComparison['overrides'];
  /** Keyed `${column}.${field}`. */
  errors: Record<string, string>;
}

export const NO_OVERRIDES: FieldTexts = { temperature: '', topP: '', maxTokens: '', seed: '' };

export function textsOf(sampling: SamplingParams): FieldTexts {
  return {
    temperature: String(sampling.temperature),
    topP: String(sampling.topP),
    maxTokens: String(sampling.maxTokens),
    seed: sampling.seed === null ? '' : String(sampling.seed),
  };
}

export function parseDraft(draft: SamplingDraft): ParsedSampling {
  const errors: Record<string, string> = {};
  const shared: Partial<SamplingParams> = {};
  for (const field of SAMPLING_FIELDS) {
    const text = draft.both[field].trim();
    // An empty seed means "no seed": each request samples afresh.
    const result = field === 'seed' && text === '' ? { value: null } : parseField(field, text);
    if ('error' in result) errors[`both.${field}`] = result.error;
    else (shared as Record<string, number | null>)[field] = result.value;
  }
  const overrides: NonNullable<StartComparison['overrides']> = {};
  for (const side of SIDES) {
    const own: Partial<SamplingParams> = {};
    for (const field of SAMPLING_FIELDS) {
      const text = draft[side][field].trim();
      if (text === '') continue;
      const result = parseField(field, text);
      if ('error' in result) errors[`${side}.${field}`] = result.error;
      else (own as Record<string, number | null>)[field] = result.value;
    }
    if (Object.keys(own).length > 0) overrides[side] = own;
  }
  const sharedValid = SAMPLING_FIELDS.every((field) => !errors[`both.${field}`]);
  return {
    sampling: sharedValid ? (shared as SamplingParams) : null,
    overrides: Object.keys(overrides).length > 0 ? overrides : undefined,
    errors,
  };
}

/** The same ranges as the service's schema, with sentences that say what is allowed. */
function parseField(field: SamplingField, text: string): { value: number } | { error: string } {
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) return { error: 'enter a number' };
  switch (field) {
    case 'temperature':
      return value >= 0 && value <= 2 ? { value } : { error: 'temperature is between 0 and 2' };
    case 'topP':
      return value > 0 && value <= 1 ? { value } : { error: 'top p is above 0 and at most 1' };
    case 'maxTokens':
      return Number.isInteger(value) && value >= 1 && value <= 1_048_576 ? { value } : { error: 'max tokens is a whole number from 1 to 1,048,576' };
    case 'seed':
      return Number.isInteger(value) && value >= 0 && value < 2 ** 31 ? { value } : { error: 'seed is a whole number from 0 to 2,147,483,647' };
  }
}

/** "temperature 1.2 · seed 7": one side's overrides as they will be sent. */
export function describeOverrides(overrides: Partial<SamplingParams> | undefined): string | null {
  if (!overrides) return null;
  const parts = SAMPLING_FIELDS.filter((field) => overrides[field] !== undefined).map((field) => `${FIELD_LABELS[field].toLowerCase()} ${formatValue(field, overrides[field]!)}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

export function formatValue(field: SamplingField, value: number | null): string {
  if (value === null) return 'none';
  return field === 'maxTokens' ? groupThousands(value) : String(value);
}
