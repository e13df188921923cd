import { describe, expect, it } from 'vitest';
import { parseSessionRecord } from '../../electron/services/sessions/session-records';
import { sessionIdSchema } from '../../electron/shared/sessions';
import { buildSessionRecords, FORMULA_STARTS, toJsonl } from '../support/session-builders';

// The builders feed the exporters', the store's and the benchmarks' tests: their records must be ones the store
// accepts, and the same on every run.
describe('the session builders', () => {
  const records = buildSessionRecords(400, { seed: 12 });

  it('build records the session file schema accepts, header first', () => {
    expect(records[0]!.type).toBe('session');
    for (const record of records) expect(() => parseSessionRecord(JSON.parse(JSON.stringify(record)))).not.toThrow();
    expect(sessionIdSchema.safeParse(records[0]!.type === 'session' && records[0]!.id).success).toBe(true);
  });

  it('are deterministic per seed, and differ between seeds', () => {
    expect(toJsonl(buildSessionRecords(400, { seed: 12 }))).toBe(toJsonl(records));
    expect(toJsonl(buildSessionRecords(400, { seed: 13 }))).not.toBe(toJsonl(records));
  });

  it('hold every kind of event and outcome, and text that is hard on CSV writers', () => {
    const types = new Set(records.map((r) => r.type));
    for (const type of ['session', 'server', 'comparison', 'vote', 'undo', 'edit']) expect(types, type).toContain(type);
    const comparisons = records.filter((r) => r.type === 'comparison');
    const outcomes = new Set(comparisons.flatMap((c) => [c.sides.left.outcome.kind, c.sides.right.outcome.kind]));
    expect([...outcomes].sort()).toEqual(['cancelled', 'done', 'error']);
    const prompts = comparisons.map((c) => c.userMessage).join('\n');
    for (const piece of [',', '"', '\n', '量子', '🙂']) expect(prompts).toContain(piece);
    expect(comparisons.some((c) => FORMULA_STARTS.some((start) => c.userMessage.startsWith(start)))).toBe(true);
    expect(comparisons.some((c) => c.turn > 1)).toBe(true);
    const lefts = comparisons.filter((c) => c.turn === 1).map((c) => c.mapping.left);
    expect(Math.abs(lefts.filter((m) => m === 0).length - lefts.length / 2)).toBeLessThanOrEqual(1);
  });
});
