// The variants of a variant session as the form holds them (typed text), and their translation into what
// sessions.create takes. Empty sampling fields mean "the session's value", as a side's overrides do in Compare.
import { parseSamplingText, SAMPLING_FIELDS, type SamplingField } from '../../../../../electron/shared/sampling-limits';
import type { SessionVariant } from '../../../../../electron/shared/sessions';
import { NO_OVERRIDES, type FieldTexts } from '../sampling-form';

/** What a variant may change: not the seed, which both sides of a turn share (the session's seed policy). */
export const VARIANT_FIELDS = SAMPLING_FIELDS.filter((field): field is Exclude<SamplingField, 'seed'> => field !== 'seed');

export interface VariantDraft {
  /** Stable React key: labels change as they are typed. */
  key: number;
  label: string;
  /** Off: the session's system prompt on this variant's side. */
  ownSystemPrompt: boolean;
  systemPrompt: string;
  sampling: FieldTexts;
}

let nextKey = 1;

/** "Variant 1", "Variant 2", …: never "A" and "B", which name the sides on the vote screen. */
export function newVariant(position: number): VariantDraft {
  return { key: nextKey++, label: `Variant ${position}`, ownSystemPrompt: false, systemPrompt: '', sampling: NO_OVERRIDES };
}

export interface ParsedVariants {
  /** null while a field is invalid or a label is empty. */
  variants: SessionVariant[] | null;
  /** Keyed `${draft.key}.${field}`, or `${draft.key}.label`. */
  errors: Record<string, string>;
}

export function parseVariants(drafts: readonly VariantDraft[]): ParsedVariants {
  const errors: Record<string, string> = {};
  const variants = drafts.map((draft): SessionVariant => {
    if (draft.label.trim() === '') errors[`${draft.key}.label`] = 'give each variant a label';
    const sampling: SessionVariant['sampling'] = {};
    for (const field of VARIANT_FIELDS) {
      if (draft.sampling[field].trim() === '') continue;
      const result = parseSamplingText(field, draft.sampling[field]);
      if ('error' in result) errors[`${draft.key}.${field}`] = result.error;
      else if (result.value !== null) sampling[field] = result.value;
    }
    return { label: draft.label.trim(), systemPrompt: draft.ownSystemPrompt ? draft.systemPrompt : null, sampling };
  });
  return { variants: Object.keys(errors).length === 0 ? variants : null, errors };
}

/** The first problem in a sentence that starts with a capital ("Pick at least two models."). */
export function asSentence(problem: string): string {
  const text = problem.charAt(0).toUpperCase() + problem.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
