// The values each sampling setting may take, in one table without zod: the schemas (sampling-schema.ts) are
// built from it, and the renderer's forms check what was typed against it without bundling zod.

export const SAMPLING_FIELDS = ['temperature', 'topP', 'maxTokens', 'seed'] as const;
export type SamplingField = (typeof SAMPLING_FIELDS)[number];

export interface SamplingLimit {
  /** As the forms label the field ("Top p"); lower-cased, it names the field in sentences. */
  label: string;
  min: number;
  max: number;
  /** The value must be above `min`, not equal to it: top_p 0 would leave no token to sample. */
  minExclusive: boolean;
  integer: boolean;
  /** null is a value of its own (seed: none, each request samples afresh). */
  nullable: boolean;
  /** What is allowed, in one sentence: what the forms say next to a refused value. */
  allowed: string;
}

type LimitFacts = Omit<SamplingLimit, 'allowed'>;

/** `const` keeps `nullable` a literal, so the schema's TypeScript type knows which fields may be null. */
function limit<const L extends LimitFacts>(facts: L): L & { allowed: string } {
  const kind = facts.integer ? 'a whole number' : 'a number';
  const range = facts.minExclusive ? `above ${grouped(facts.min)} and at most ${grouped(facts.max)}` : `from ${grouped(facts.min)} to ${grouped(facts.max)}`;
  return { ...facts, allowed: `${facts.label.toLowerCase()} must be ${kind} ${range}` };
}

export const SAMPLING_LIMITS = {
  temperature: limit({ label: 'Temperature', min: 0, max: 2, minExclusive: false, integer: false, nullable: false }),
  topP: limit({ label: 'Top p', min: 0, max: 1, minExclusive: true, integer: false, nullable: false }),
  // vLLM itself takes any positive max_tokens; 2^20 is far above any context window served today.
  maxTokens: limit({ label: 'Max tokens', min: 1, max: 1_048_576, minExclusive: false, integer: true, nullable: false }),
  // vLLM hands the seed to torch, which takes any 64-bit value; 2^31 - 1 is what every client and GUI accepts.
  seed: limit({ label: 'Seed', min: 0, max: 2 ** 31 - 1, minExclusive: false, integer: true, nullable: true }),
} as const satisfies Record<SamplingField, SamplingLimit>;

/** null when `value` is allowed for `field`; else the sentence that says what is. NaN and infinities never are. */
export function checkSamplingValue(field: SamplingField, value: number | null): string | null {
  const limits: SamplingLimit = SAMPLING_LIMITS[field];
  if (value === null) return limits.nullable ? null : limits.allowed;
  if (!Number.isFinite(value) || (limits.integer && !Number.isInteger(value))) return limits.allowed;
  const aboveMin = limits.minExclusive ? value > limits.min : value >= limits.min;
  return aboveMin && value <= limits.max ? null : limits.allowed;
}

/**
 * A form's text as a value: empty is null where null is allowed, anything that is not a number (or out of range)
 * is refused with the field's sentence.
 */
export function parseSamplingText(field: SamplingField, text: string): { value: number | null } | { error: string } {
  const trimmed = text.trim();
  const value = trimmed === '' ? (SAMPLING_LIMITS[field].nullable ? null : NaN) : Number(trimmed);
  const error = checkSamplingValue(field, value);
  return error === null ? { value } : { error };
}

/** 1048576 -> "1,048,576", the way the app writes counts everywhere. */
function grouped(value: number): string {
  return value.toLocaleString('en-US');
}
