// The one zod schema of a set of sampling values: what compare.start sends and what Settings keeps as the
// default. Built from the limits table, so the schema and the renderer's forms cannot disagree.
import { z } from 'zod';
import { SAMPLING_LIMITS, type SamplingField, type SamplingLimit } from './sampling-limits';

type NullableField = { [F in SamplingField]: (typeof SAMPLING_LIMITS)[F]['nullable'] extends true ? F : never }[SamplingField];

// Overloads let the table's `nullable` decide the field's type (number, or number | null) without a cast.
function fieldSchema(field: Exclude<SamplingField, NullableField>): z.ZodNumber;
function fieldSchema(field: NullableField): z.ZodNullable<z.ZodNumber>;
function fieldSchema(field: SamplingField): z.ZodNumber | z.ZodNullable<z.ZodNumber> {
  const limits: SamplingLimit = SAMPLING_LIMITS[field];
  // Each broken bound is named on its own ("temperature must be 2 or less"): these messages reach people who
  // edit settings.json or call the API, with the offending value's path beside them.
  const noun = limits.label.toLowerCase();
  let schema = z.number({ error: limits.allowed });
  if (limits.integer) schema = schema.int(`${noun} must be a whole number`);
  const [min, max] = [limits.min.toLocaleString('en-US'), limits.max.toLocaleString('en-US')];
  schema = limits.minExclusive ? schema.gt(limits.min, `${noun} must be above ${min}`) : schema.min(limits.min, `${noun} must be ${min} or more`);
  schema = schema.max(limits.max, `${noun} must be ${max} or less`);
  return limits.nullable ? schema.nullable() : schema;
}

export const samplingSchema = z
  .object({
    temperature: fieldSchema('temperature'),
    topP: fieldSchema('topP'),
    maxTokens: fieldSchema('maxTokens'),
    /** null = no seed: each request samples afresh. */
    seed: fieldSchema('seed'),
  } satisfies Record<SamplingField, z.ZodType>)
  .strict();
export type SamplingParams = z.infer<typeof samplingSchema>;
