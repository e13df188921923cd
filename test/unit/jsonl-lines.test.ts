import { describe, expect, it } from 'vitest';
import { parseJsonl } from '../../electron/services/sessions/jsonl-lines';

const asIs = (value: unknown): unknown => value;

describe('parseJsonl', () => {
  it('reads every complete line, and drops a torn last line without losing the ones before it', () => {
    const bytes = Buffer.from('{"a":1}\n{"a":2}\n{"a":3,"note":"日本', 'utf8');
    const parsed = parseJsonl(bytes, asIs);
    expect(parsed.records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parsed.completeBytes).toBe(Buffer.byteLength('{"a":1}\n{"a":2}\n'));
    expect(parsed.tornBytes).toBe(bytes.length - parsed.completeBytes);
  });

  it('cuts at a newline byte even when the torn line ends inside a multi-byte character', () => {
    const whole = Buffer.from('{"t":"🙂"}\n{"t":"🙂"}', 'utf8');
    const parsed = parseJsonl(whole.subarray(0, whole.length - 3), asIs);
    expect(parsed.records).toEqual([{ t: '🙂' }]);
    expect(parsed.completeBytes).toBe(Buffer.byteLength('{"t":"🙂"}\n'));
  });

  it('skips a damaged line in the middle, reports its number, and keeps the lines after it', () => {
    const parsed = parseJsonl(Buffer.from('{"a":1}\n{"a":\n\n{"a":3}\n'), asIs);
    expect(parsed.records).toEqual([{ a: 1 }, { a: 3 }]);
    expect(parsed.corrupt).toEqual([{ line: 2, reason: expect.any(String) }]);
    expect(parsed.tornBytes).toBe(0);
  });

  it('marks as corrupt what the caller refuses, and reads an empty file as nothing', () => {
    const refuseOdd = (value: unknown): unknown => {
      if ((value as { a: number }).a % 2 === 1) throw new Error('odd');
      return value;
    };
    expect(parseJsonl(Buffer.from('{"a":1}\n{"a":2}\n'), refuseOdd)).toMatchObject({ records: [{ a: 2 }], corrupt: [{ line: 1, reason: 'odd' }] });
    expect(parseJsonl(Buffer.alloc(0), asIs)).toEqual({ records: [], corrupt: [], tornBytes: 0, completeBytes: 0 });
  });
});
