// csvLine writes most records without csv-stringify (no field needs quotes): held here to csv-stringify's own
// output byte for byte, over generated rows with every kind of cell an export has.
import { describe, expect, it } from 'vitest';
import { csvLine, stringifiedLine } from '../../electron/services/export/csv-line';
import type { CsvCell } from '../../electron/services/export/csv-cells';
import { seededRandom } from '../support/seeded-random';

const PIECES = ['plain', 'with, comma', 'a "quote"', 'line\nbreak', 'cr\rhere', 'crlf\r\n', '=SUM(A1)', '+1', '-2', '@me', '\ttab', '\0nul', '日本語', '🙂', ' space ', '', "'apostrophe", '0.5'];

function randomCell(random: () => number): CsvCell {
  const kind = Math.floor(random() * 6);
  if (kind === 0) return null;
  if (kind === 1) return random() < 0.5;
  if (kind === 2) return [0, -3, 41.25, 1e21, 1e-7, Number.NaN, 123456789.125, -0][Math.floor(random() * 8)]!;
  const count = 1 + Math.floor(random() * 3);
  return Array.from({ length: count }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
}

describe('csvLine', () => {
  it('writes every record exactly as csv-stringify does', () => {
    const random = seededRandom(4);
    for (let row = 0; row < 5000; row++) {
      const cells = Array.from({ length: 1 + Math.floor(random() * 12) }, () => randomCell(random));
      expect(csvLine(cells)).toBe(stringifiedLine(cells));
    }
  });

  it('takes the fast path only where no field needs quotes', () => {
    expect(csvLine(['a', 1.5, null, true, ''])).toBe('a,1.5,,true,\r\n');
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n');
  });
});
