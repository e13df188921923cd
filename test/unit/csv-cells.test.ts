import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, toCsv, type CsvCell } from '../../electron/services/export/csv-cells';

const FORMULA_LIKE = ['=1+1', '+SUM(A1:A2)', '-2+3', '@cmd', '\tTAB', '\rCR', '\nLF', '\0NUL', '=HYPERLINK("http://x","y")'];

describe('neutralizeCell', () => {
  it.each(FORMULA_LIKE)('prefixes an apostrophe to the formula-like text %j', (text) => {
    expect(neutralizeCell(text)).toBe(`'${text}`);
  });

  it('leaves other text, numbers (negative ones too), booleans and empty cells alone', () => {
    for (const cell of ['plain', ' =not at the start', 'a=b', '', '日本語', '🙂']) expect(neutralizeCell(cell)).toBe(cell);
    expect(neutralizeCell(-5)).toBe(-5);
    expect(neutralizeCell(true)).toBe(true);
    expect(neutralizeCell(null)).toBeNull();
  });
});

describe('toCsv', () => {
  const rows: CsvCell[][] = [
    ['id', 'prompt', 'answer', 'ttft_ms'],
    ['c1', 'commas, "quotes" and\nnewlines\r\ntoo', 'emoji 🙂🙃 and CJK 日本語のテキスト', 41.25],
    ['c2', '=1+1', '-2 is not a number here', -3],
    ['c3', '', null, 0],
  ];

  it('round-trips cell for cell through an independent RFC 4180 parser, formula-like cells neutralised', () => {
    const csv = toCsv(rows);
    const back = parse(csv, { bom: true, relax_column_count: false }) as string[][];
    expect(back).toEqual([
      ['id', 'prompt', 'answer', 'ttft_ms'],
      ['c1', 'commas, "quotes" and\nnewlines\r\ntoo', 'emoji 🙂🙃 and CJK 日本語のテキスト', '41.25'],
      ['c2', "'=1+1", "'-2 is not a number here", '-3'],
      ['c3', '', '', '0'],
    ]);
  });

  it('writes a UTF-8 BOM and CRLF record ends (RFC 4180), and leaves the BOM out on request', () => {
    const csv = toCsv([['a', 'b'], ['1', '2']]);
    expect(csv).toBe('\uFEFFa,b\r\n1,2\r\n');
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });
});
