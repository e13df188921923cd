// The sampling columns of the CSV: what both sides of a comparison were sent, and what one side had of its own.
import type { ComparisonRecord, ModelIndex, SamplingParams, Side } from '../../shared/sessions';

export type SampleKey = keyof SamplingParams;

/** CSV column name and the sampling field it holds. */
export const SAMPLE_COLUMNS: [string, SampleKey][] = [
  ['temperature', 'temperature'],
  ['top_p', 'topP'],
  ['max_tokens', 'maxTokens'],
  ['seed', 'seed'],
];

const COLUMN_OF = new Map(SAMPLE_COLUMNS.map(([name, key]) => [key, name]));

/** The value a field had for both sides: from a side that did not override it (the left one when both did). */
export function sharedSample(comparison: ComparisonRecord, key: SampleKey): number | null {
  const side: Side = comparison.sides.left.settings.overridden.includes(key) && !comparison.sides.right.settings.overridden.includes(key) ? 'right' : 'left';
  return comparison.sides[side].settings.sampling[key];
}

/**
 * "model_2: temperature=0.2, top_p=0.9" (and a variant's own system_prompt="…") for each side with overrides, the side named by its model (`label`); empty
 * when both got the shared values (the common case, answered without building anything).
 */
export function overridesCell(comparison: ComparisonRecord, label: (model: ModelIndex) => string): string {
  const { left, right } = comparison.sides;
  const own = (settings: typeof left.settings) => settings.overridden.length > 0 || settings.systemPrompt !== undefined;
  if (!own(left.settings) && !own(right.settings)) return '';
  const parts: string[] = [];
  for (const side of ['left', 'right'] as const) {
    const { sampling, overridden, systemPrompt } = comparison.sides[side].settings;
    if (!own(comparison.sides[side].settings)) continue;
    const fields = overridden.map((key) => `${COLUMN_OF.get(key) ?? key}=${String(sampling[key])}`);
    // A variant's own system prompt (the shared one is in system_prompt), quoted as JSON so its commas stay its own.
    if (systemPrompt !== undefined) fields.push(`system_prompt=${JSON.stringify(systemPrompt)}`);
    parts.push(`${label(comparison.mapping[side])}: ${fields.join(', ')}`);
  }
  return parts.join('; ');
}
