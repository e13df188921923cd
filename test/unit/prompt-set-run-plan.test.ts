// The steps of a prompt set run: how many, which are hidden repeats and how far after their originals, the
// category filter, and that a seed always gives the same plan.
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../electron/shared/errors';
import type { PromptSetItem } from '../../electron/shared/prompt-sets';
import { MIN_REPEAT_GAP, planRun, repeatCount, repeatGap, type RunPlanStep } from '../../electron/services/prompt-sets/run-plan';
import { shuffleInPlace } from '../../electron/services/prompt-sets/draws';
import { seededUniform } from '../../electron/services/random/seeded-uniform';

function itemsOf(count: number, category = (i: number) => ['knowledge', 'reasoning', 'summary'][i % 3]!): PromptSetItem[] {
  return Array.from({ length: count }, (_, i) => ({ id: String(i + 1), prompt: `prompt ${i}`, category: category(i), systemPrompt: null, reference: null, keyPoints: [], lang: null }));
}

const ALL = { categories: [], shuffle: true, repeatShare: 0.1, seed: 1 };

/** Checks what every plan promises, and returns its originals' items in order. */
function checkPlan(plan: RunPlanStep[], chosen: number[], repeatShare: number): number[] {
  const originals = plan.filter((step) => step.repeatOf === null).map((step) => step.item);
  expect([...originals].sort((a, b) => a - b)).toEqual(chosen);
  const repeats = plan.flatMap((step, index) => (step.repeatOf === null ? [] : [{ index, ...step }]));
  expect(repeats).toHaveLength(repeatCount(chosen.length, repeatShare));
  const gap = repeatGap(chosen.length, repeats.length);
  const repeated = new Set<number>();
  for (const { index, item, repeatOf } of repeats) {
    expect(repeatOf).not.toBeNull();
    expect(plan[repeatOf!]).toEqual({ item, repeatOf: null });
    expect(index - repeatOf!).toBeGreaterThanOrEqual(gap);
    expect(repeated.has(repeatOf!)).toBe(false);
    repeated.add(repeatOf!);
  }
  return originals;
}

describe('planRun', () => {
  it('repeats round(share × n) prompts, at least one when the share is above 0, never all of them', () => {
    expect([0, 1, 2, 5, 10, 20, 100].map((n) => repeatCount(n, 0.1))).toEqual([0, 0, 1, 1, 1, 2, 10]);
    expect([2, 3, 4, 7, 10].map((n) => repeatCount(n, 0.5))).toEqual([1, 2, 2, 4, 5]);
    expect(repeatCount(10, 0)).toBe(0);
    expect(repeatCount(10, Number.NaN)).toBe(0);
    expect(repeatCount(10, 1)).toBe(9);
  });

  it(`keeps repeats ${MIN_REPEAT_GAP} steps from their originals, less only in small sets`, () => {
    expect(repeatGap(20, 2)).toBe(MIN_REPEAT_GAP);
    expect(repeatGap(9, 1)).toBe(MIN_REPEAT_GAP);
    expect(repeatGap(6, 1)).toBe(3);
    expect(repeatGap(6, 3)).toBe(3);
    expect(repeatGap(7, 4)).toBe(4);
    expect(repeatGap(2, 1)).toBe(2);
    expect(repeatGap(3, 2)).toBe(2);
  });

  it('keeps its promises for every size, share and seed tried', () => {
    for (let count = 1; count <= 40; count += 1) {
      const items = itemsOf(count);
      const chosen = items.map((_, i) => i);
      for (const repeatShare of [0, 0.05, 0.1, 0.25, 0.5]) {
        for (let seed = 0; seed < 25; seed += 1) {
          const plan = planRun(items, { categories: [], shuffle: seed % 2 === 0, repeatShare, seed });
          expect(plan).toHaveLength(count + repeatCount(count, repeatShare));
          const originals = checkPlan(plan, chosen, repeatShare);
          if (seed % 2 === 1) expect(originals).toEqual(chosen);
        }
      }
    }
  });

  it('gives the same plan for the same seed, and another for another seed', () => {
    const items = itemsOf(30);
    const options = { ...ALL, repeatShare: 0.2, seed: 123_456 };
    const plan = planRun(items, options);
    expect(planRun(items, { ...options })).toEqual(plan);
    expect(planRun(items, { ...options, seed: 123_457 })).not.toEqual(plan);
    // Recorded seeds must give the same plan in every later version: held to one plan written out.
    const fixed = planRun(itemsOf(8), { categories: [], shuffle: true, repeatShare: 0.25, seed: 42 });
    expect(fixed.map((step) => [step.item, step.repeatOf])).toEqual([
      [4, null], [7, null], [6, null], [2, null], [5, null], [3, null], [0, null], [7, 1], [1, null], [6, 2],
    ]);
  });

  it('keeps the file order without shuffle, and still places repeats by the seed', () => {
    const items = itemsOf(12);
    const plans = [1, 2, 3, 4, 5].map((seed) => planRun(items, { categories: [], shuffle: false, repeatShare: 0.25, seed }));
    for (const plan of plans) expect(plan.filter((step) => step.repeatOf === null).map((step) => step.item)).toEqual(items.map((_, i) => i));
    expect(new Set(plans.map((plan) => JSON.stringify(plan))).size).toBeGreaterThan(1);
  });

  it('runs only the chosen categories, and refuses categories with no prompts', () => {
    const items = itemsOf(30);
    const plan = planRun(items, { ...ALL, categories: ['reasoning', 'summary'], repeatShare: 0.1 });
    const chosen = items.flatMap((item, i) => (item.category === 'knowledge' ? [] : [i]));
    checkPlan(plan, chosen, 0.1);
    expect(plan.every((step) => items[step.item]!.category !== 'knowledge')).toBe(true);

    const error = (() => {
      try {
        planRun(items, { ...ALL, categories: ['poetry'] });
      } catch (caught) {
        return caught as ServiceError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.code).toBe('invalid-request');
    expect(error.message).toBe('None of this set\'s prompts is in the chosen category ("poetry"). Choose categories the set has, or none to run all of its prompts.');
  });

  it('runs a single prompt without repeats', () => {
    expect(planRun(itemsOf(1), { ...ALL, repeatShare: 0.5 })).toEqual([{ item: 0, repeatOf: null }]);
  });
});

describe('the seeded shuffle', () => {
  it('gives every order of three about equally often', () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 6000; seed += 1) {
      const order = shuffleInPlace([0, 1, 2], seededUniform(seed)).join('');
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(count).toBeGreaterThan(850);
  });

  it('returns floats in [0, 1), the same ones for the same seed', () => {
    const a = seededUniform(7);
    const b = seededUniform(7);
    for (let i = 0; i < 1000; i += 1) {
      const value = a();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(b()).toBe(value);
    }
  });
});
