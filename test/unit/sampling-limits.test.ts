import { describe, expect, it } from 'vitest';
import { checkSamplingValue, parseSamplingText, SAMPLING_FIELDS, SAMPLING_LIMITS, type SamplingField } from '../../electron/shared/sampling-limits';
import { samplingSchema } from '../../electron/shared/sampling-schema';
import { settingsPatchSchema } from '../../electron/shared/settings';
import { NO_OVERRIDES, parseDraft } from '../../renderer/src/views/compare/sampling-form';

/** Values on and around every bound, plus the ones no field takes. */
function probesFor(field: SamplingField): (number | null)[] {
  const { min, max } = SAMPLING_LIMITS[field];
  return [min, max, min - 1e-4, min + 1e-4, max - 1e-4, max + 1e-4, min - 1, max + 1, (min + max) / 2, 1.5, 0, -0, 1, 2, 2.0001, 2 ** 31 - 1, 2 ** 31, 1_048_576, 1_048_577, null, NaN, Infinity, -Infinity];
}

describe('the sampling limits', () => {
  it.each(SAMPLING_FIELDS)('the schema and the forms accept and refuse the same %s values', (field) => {
    for (const value of probesFor(field)) {
      const schemaAccepts = samplingSchema.shape[field].safeParse(value).success;
      expect(checkSamplingValue(field, value) === null, `${field} = ${value}`).toBe(schemaAccepts);
    }
  });

  it('holds the limits vLLM requests are made with', () => {
    const accepted = (field: SamplingField, value: number | null) => checkSamplingValue(field, value) === null;
    expect([0, 2, 0.7].map((v) => accepted('temperature', v))).toEqual([true, true, true]);
    expect([-0.1, 2.0001, null].map((v) => accepted('temperature', v))).toEqual([false, false, false]);
    expect([0, 1e-9, 1, 1.0001].map((v) => accepted('topP', v))).toEqual([false, true, true, false]);
    expect([0, 1, 1_048_576, 1_048_577, 1.5].map((v) => accepted('maxTokens', v))).toEqual([false, true, true, false, false]);
    expect([null, 0, 2 ** 31 - 1, 2 ** 31, -1, 1.5].map((v) => accepted('seed', v))).toEqual([true, true, true, false, false, false]);
  });

  it('says what is allowed, in one sentence per field', () => {
    expect(checkSamplingValue('temperature', 3)).toBe('temperature must be a number from 0 to 2');
    expect(checkSamplingValue('topP', 0)).toBe('top p must be a number above 0 and at most 1');
    expect(checkSamplingValue('maxTokens', 1.5)).toBe('max tokens must be a whole number from 1 to 1,048,576');
    expect(checkSamplingValue('seed', 2 ** 31)).toBe('seed must be a whole number from 0 to 2,147,483,647');
  });

  it('names the broken bound in the schema, for API callers and hand-edited settings files', () => {
    const message = (value: unknown) => settingsPatchSchema.safeParse({ sampling: value }).error?.issues[0]?.message;
    expect(message({ temperature: 7 })).toBe('temperature must be 2 or less');
    expect(message({ topP: 0 })).toBe('top p must be above 0');
    expect(message({ maxTokens: 0 })).toBe('max tokens must be 1 or more');
    expect(message({ seed: 2.5 })).toBe('seed must be a whole number');
    expect(message({ seed: 2 ** 31 })).toBe('seed must be 2,147,483,647 or less');
    expect(message({ temperature: 'hot' })).toBe('temperature must be a number from 0 to 2');
  });

  it('reads typed text: empty is null only where null is a value, and anything else must be a number', () => {
    expect(parseSamplingText('seed', '  ')).toEqual({ value: null });
    expect(parseSamplingText('seed', ' 42 ')).toEqual({ value: 42 });
    expect(parseSamplingText('temperature', '')).toEqual({ error: 'temperature must be a number from 0 to 2' });
    expect(parseSamplingText('temperature', 'warm')).toEqual({ error: 'temperature must be a number from 0 to 2' });
    expect(parseSamplingText('maxTokens', '1e3')).toEqual({ value: 1000 });
    expect(parseSamplingText('topP', '0')).toEqual({ error: 'top p must be a number above 0 and at most 1' });
  });
});

describe("the compare drawer's sampling fields", () => {
  const both = { temperature: '0.7', topP: '0.95', maxTokens: '256', seed: '' };

  it('sends what the limits allow: an empty shared seed is none, an empty side field is "same as both"', () => {
    const parsed = parseDraft({ both, left: { ...NO_OVERRIDES, temperature: '1.2' }, right: NO_OVERRIDES });
    expect(parsed).toEqual({ sampling: { temperature: 0.7, topP: 0.95, maxTokens: 256, seed: null }, overrides: { left: { temperature: 1.2 } }, errors: {} });
  });

  it('refuses out-of-range text in any column with the sentence of the limits', () => {
    const parsed = parseDraft({ both: { ...both, topP: '0' }, left: NO_OVERRIDES, right: { ...NO_OVERRIDES, maxTokens: '1048577' } });
    expect(parsed.sampling).toBeNull();
    expect(parsed.errors).toEqual({ 'both.topP': SAMPLING_LIMITS.topP.allowed, 'right.maxTokens': SAMPLING_LIMITS.maxTokens.allowed });
  });
});
