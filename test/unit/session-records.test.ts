import { describe, expect, it } from 'vitest';
import { checkStoredRecord, parseSessionHeader, parseSessionRecord } from '../../electron/services/sessions/session-records';
import type { ComparisonRecord, VoteRecord } from '../../electron/shared/sessions';
import { buildSessionRecords } from '../support/session-builders';

describe('session record schemas', () => {
  const records = buildSessionRecords(300, { seed: 3, outcomes: { error: 0.2, cancelled: 0.1 }, undoRate: 0.2, editRate: 0.3 });

  it('accept every kind of record a session writes, and hand back the very value they were given', () => {
    const kinds = new Set(records.map((r) => r.type));
    expect([...kinds].sort()).toEqual(['comparison', 'edit', 'server', 'session', 'undo', 'vote']);
    for (const record of records) {
      const parsed = JSON.parse(JSON.stringify(record)) as unknown;
      expect(parseSessionRecord(parsed)).toBe(parsed);
    }
    expect(parseSessionRecord({ type: 'renamed', at: '2026-03-02T09:00:00.000Z', name: '新しい名前' })).toMatchObject({ name: '新しい名前' });
    expect(parseSessionRecord({ type: 'settings', at: '2026-03-02T09:00:00.000Z', settings: (records[0] as { settings: unknown }).settings })).toMatchObject({ type: 'settings' });
  });

  it('keep fields a newer Pairwise may add, and their order, for a lossless export', () => {
    const vote = { ...records.find((r) => r.type === 'vote')!, addedLater: { x: 1 } };
    const line = JSON.stringify(vote);
    expect(JSON.stringify(parseSessionRecord(JSON.parse(line)))).toBe(line);
  });

  it('refuse broken records with a reason that names the field', () => {
    const comparison = JSON.parse(JSON.stringify(records.find((r) => r.type === 'comparison'))) as Record<string, unknown>;
    expect(() => parseSessionRecord({ ...comparison, mapping: { left: 0, right: 8 } })).toThrow(/not a "comparison" record Pairwise can read \(mapping\.right/);
    expect(() => parseSessionRecord({ ...comparison, sides: { left: {} } })).toThrow(/sides\./);
    const vote = records.find((r) => r.type === 'vote')!;
    expect(() => parseSessionRecord({ ...vote, verdict: 'maybe' })).toThrow(/verdict/);
    expect(() => parseSessionRecord({ type: 'undo', at: 'x' })).toThrow(/voteId/);
    expect(() => parseSessionRecord({ type: 'nonsense', at: 'x' })).toThrow(/not a "nonsense" record/);
    expect(() => parseSessionRecord([1, 2])).toThrow(/not a record Pairwise can read/);
    expect(() => parseSessionRecord(null)).toThrow(/not a record/);
  });

  it('require the header where a file starts, in a known version', () => {
    const header = records[0]!;
    expect(parseSessionHeader(JSON.parse(JSON.stringify(header)))).toMatchObject({ type: 'session' });
    expect(() => parseSessionHeader(records[3])).toThrow(/the first record is a "comparison" record, not the session's header/);
    expect(() => parseSessionHeader({ ...header, v: 2 })).toThrow(/only version 1 of the session file is known/);
    expect(() => parseSessionHeader({ ...header, id: 'not-a-uuid' })).toThrow(/id: the session id is not a UUID/);
  });
});

describe('the light check on load', () => {
  const records = buildSessionRecords(300, { seed: 6, outcomes: { error: 0.2, cancelled: 0.1 }, undoRate: 0.2, editRate: 0.3 });
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const comparison = copy(records.find((r) => r.type === 'comparison')!) as ComparisonRecord;
  const vote = copy(records.find((r) => r.type === 'vote')!) as VoteRecord;

  it('accepts every record a session writes, and hands back the very value it was given', () => {
    for (const record of records.slice(1)) {
      const parsed = copy(record) as unknown;
      expect(checkStoredRecord(parsed)).toBe(parsed);
    }
  });

  it('marks corrupt what the index would read wrong, naming the field', () => {
    const broken: [unknown, RegExp][] = [
      [{ ...comparison, id: '' }, /not a "comparison" record Pairwise can read \(id: needs an id\)/],
      [{ ...comparison, turn: 1.5 }, /turn/],
      [{ ...comparison, mapping: { left: 0, right: 8 } }, /mapping\.right/],
      [{ ...comparison, blind: 'yes' }, /blind/],
      [{ ...comparison, userMessage: 7 }, /userMessage/],
      [{ ...comparison, sides: { left: comparison.sides.left } }, /sides\.right/],
      [{ ...comparison, sides: { ...comparison.sides, left: { ...comparison.sides.left, content: null } } }, /sides\.left\.content/],
      [{ ...comparison, sides: { ...comparison.sides, right: { ...comparison.sides.right, outcome: { kind: 'maybe', timings: {} } } } }, /sides\.right\.outcome\.kind/],
      [{ ...comparison, sides: { ...comparison.sides, right: { ...comparison.sides.right, outcome: { ...comparison.sides.right.outcome, timings: { ...comparison.sides.right.outcome.timings, e2eMs: '12' } } } } }, /timings\.e2eMs/],
      [{ ...comparison, at: '' }, /at: needs a time/],
      [{ ...vote, comparisonId: 5 }, /not a "vote" record .*comparisonId/],
      [{ ...vote, verdict: 'maybe' }, /verdict/],
      [{ ...vote, scores: { left: { accuracy: 'high' }, right: {} } }, /scores\.left\.accuracy/],
      [{ ...vote, comment: null }, /comment/],
      [{ ...vote, failedSides: ['up'] }, /failedSides/],
      [{ type: 'vote', at: 'broken' }, /id: needs an id/],
      [{ type: 'undo', at: 'x' }, /voteId/],
      [{ type: 'edit', at: 'x', voteId: 'v', comment: 3 }, /comment/],
      [{ type: 'server', at: 'x', id: 's', model: 1.5, facts: {} }, /not a "server" record/],
      [{ type: 'nonsense', at: 'x' }, /not a "nonsense" record/],
      [[1, 2], /not a record Pairwise can read/],
      [null, /not a record/],
    ];
    for (const [value, reason] of broken) {
      expect(() => checkStoredRecord(value)).toThrow(reason);
      // Never stricter than the full schema: whatever it refuses, the full schema refuses too.
      expect(() => parseSessionRecord(value)).toThrow();
    }
  });

  it('is never stricter than the full schema', () => {
    const sample = ['comparison', 'vote', 'undo', 'edit', 'server'].flatMap((type) => records.filter((r) => r.type === type).slice(0, 3));
    for (const record of sample) {
      const value = copy(record) as unknown as Record<string, unknown>;
      for (const key of Object.keys(value)) {
        for (const replacement of [undefined, null, '', 0, 1, 'left', [], {}]) {
          const changed = { ...value, [key]: replacement };
          let light = true;
          try {
            checkStoredRecord(changed);
          } catch {
            light = false;
          }
          if (!light) expect(() => parseSessionRecord(changed), `${record.type}.${key} = ${JSON.stringify(replacement)}`).toThrow();
        }
      }
    }
  });
});
