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
 * "model_2: temperature=0.2, top_p=0.9" for each side with overrides, the side named by its model (`label`); empty
 * when both got the shared values (the common case, answered without building anything).
 */
export function overridesCell(comparison: ComparisonRecord, label: (model: ModelIndex) => string): string {
  const { left, right } = comparison.sides;
  if (left.settings.overridden.length === 0 && right.settings.overridden.length === 0) return '';
  const parts: string[] = [];
  for (const side of ['left', 'right'] as const) {
    const { sampling, overridden } = comparison.sides[side].settings;
    if (overridden.length === 0) continue;
    parts.push(`${label(comparison.mapping[side])}: ${overridden.map((key) => `${COLUMN_OF.get(key) ?? key}=${String(sampling[key])}`).join(', ')}`);
  }
  return parts.join('; ');
}
