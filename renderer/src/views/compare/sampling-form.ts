// The sampling fields of the settings drawer as typed text, and their translation into what compare.start
// takes: shared values for both sides plus per-side overrides (empty = "same as both").
import type { SamplingParams, StartComparison } from '../../../../electron/shared/compare';
import { parseSamplingText, SAMPLING_FIELDS, SAMPLING_LIMITS, type SamplingField } from '../../../../electron/shared/sampling-limits';
import { SIDES, type Side } from '../../../../electron/shared/sides';
import { groupThousands } from './timing-format';

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
    // An empty seed is null, "no seed": each request samples afresh. Other fields need a value.
    const result = parseSamplingText(field, draft.both[field]);
    if ('error' in result) errors[`both.${field}`] = result.error;
    else (shared as Record<string, number | null>)[field] = result.value;
  }
  const overrides: NonNullable<StartComparison['overrides']> = {};
  for (const side of SIDES) {
    const own: Partial<SamplingParams> = {};
    for (const field of SAMPLING_FIELDS) {
      // Empty here means "same as both", even for the seed.
      if (draft[side][field].trim() === '') continue;
      const result = parseSamplingText(field, draft[side][field]);
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

/** "temperature 1.2 · seed 7": one side's overrides as they will be sent. */
export function describeOverrides(overrides: Partial<SamplingParams> | undefined): string | null {
  if (!overrides) return null;
  const parts = SAMPLING_FIELDS.filter((field) => overrides[field] !== undefined).map((field) => `${SAMPLING_LIMITS[field].label.toLowerCase()} ${formatValue(field, overrides[field]!)}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

export function formatValue(field: SamplingField, value: number | null): string {
  if (value === null) return 'none';
  return field === 'maxTokens' ? groupThousands(value) : String(value);
}
