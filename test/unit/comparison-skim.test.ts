// The exports that write no answers read comparison lines without them: the rest of each record must come back
// exactly, whatever the answers hold (quotes, backslashes, CJK, emoji, markers-lookalikes), and a line in any
// other shape is left to the whole parse.
import { describe, expect, it } from 'vitest';
import type { ComparisonRecord } from '../../electron/shared/sessions';
import { withoutAnswers } from '../../electron/services/sessions/comparison-skim';
import { buildSessionRecords } from '../support/session-builders';
import { seededRandom } from '../support/seeded-random';

const NASTY = ['"', '\\', '\\"', '"right":{"content":"', ',"reasoning":"', '日本語', '🙂', '\n', '\u0000', '}}', '\\\\'];

function emptied(record: ComparisonRecord): ComparisonRecord {
  const side = (s: ComparisonRecord['sides']['left']) => ({ ...s, content: '', reasoning: '' });
  return { ...record, history: { left: [], right: [] }, sides: { left: side(record.sides.left), right: side(record.sides.right) } };
}

describe('withoutAnswers', () => {
  const comparisons = buildSessionRecords(400, { seed: 5 }).filter((r): r is ComparisonRecord => r.type === 'comparison');

  it('gives back every field but the answers and earlier turns, for the records the session builders make', () => {
    expect(comparisons.some((record) => record.history.left.length > 0)).toBe(true);
    for (const record of comparisons) {
      const skimmed = withoutAnswers(Buffer.from(JSON.stringify(record)));
      expect(skimmed).not.toBeNull();
      expect(JSON.parse(skimmed!)).toEqual(emptied(record));
    }
  });

  it('finds each answer string’s end whatever the answer holds', () => {
    const random = seededRandom(8);
    const pick = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => NASTY[Math.floor(random() * NASTY.length)]).join('x');
    for (const base of comparisons.slice(0, 100)) {
      const history = { left: [{ role: 'user' as const, content: pick() }, { role: 'assistant' as const, content: `${pick()}},"seed":1` }], right: [] };
      const record = { ...base, history, sides: { left: { ...base.sides.left, content: pick(), reasoning: pick() }, right: { ...base.sides.right, content: pick(), reasoning: pick() } } };
      expect(JSON.parse(withoutAnswers(Buffer.from(JSON.stringify(record)))!)).toEqual(emptied(record));
    }
  });

  it('leaves a line in another shape to the whole parse', () => {
    const record = comparisons[0]!;
    const reordered = { ...record, sides: { right: record.sides.right, left: record.sides.left } };
    expect(withoutAnswers(Buffer.from(JSON.stringify(reordered)))).toBeNull();
    const { sides, ...rest } = record;
    const { content, ...leftRest } = sides.left;
    const reasoningFirst = { ...rest, sides: { left: { reasoning: leftRest.reasoning, content, outcome: leftRest.outcome, settings: leftRest.settings }, right: sides.right } };
    expect(withoutAnswers(Buffer.from(JSON.stringify(reasoningFirst)))).toBeNull();
  });
});
