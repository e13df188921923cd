import { describe, expect, it } from 'vitest';
import { parseSessionHeader, parseSessionRecord } from '../../electron/services/sessions/session-records';
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
    expect(() => parseSessionRecord({ ...comparison, mapping: { left: 0, right: 2 } })).toThrow(/not a "comparison" record Pairwise can read \(mapping\.right/);
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
