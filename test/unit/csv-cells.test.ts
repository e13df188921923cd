import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, type CsvCell } from '../../electron/services/export/csv-cells';
import { csvLine, UTF8_BOM } from '../../electron/services/export/csv-line';

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

describe('csvLine', () => {
  const rows: CsvCell[][] = [
    ['id', 'prompt', 'answer', 'ttft_ms'],
    ['c1', 'commas, "quotes" and\nnewlines\r\ntoo', 'emoji 🙂🙃 and CJK 日本語のテキスト', 41.25],
    ['c2', '=1+1', '-2 is not a number here', -3],
    ['c3', '', null, 0],
    ['c4', 'a bare\rCR', 'a bare\nLF', 1],
  ];
  const csv = UTF8_BOM + rows.map(csvLine).join('');

  it('round-trips cell for cell through an independent RFC 4180 parser, formula-like cells neutralised', () => {
    const back = parse(csv, { bom: true, relax_column_count: false }) as string[][];
    expect(back).toEqual([
      ['id', 'prompt', 'answer', 'ttft_ms'],
      ['c1', 'commas, "quotes" and\nnewlines\r\ntoo', 'emoji 🙂🙃 and CJK 日本語のテキスト', '41.25'],
      ['c2', "'=1+1", "'-2 is not a number here", '-3'],
      ['c3', '', '', '0'],
      ['c4', 'a bare\rCR', 'a bare\nLF', '1'],
    ]);
  });

  it('quotes every field holding CR or LF, so a reader that ends rows at any line break still reads the rows', () => {
    // Outside quotes the only line breaks are the records' own CRLFs.
    const outsideQuotes = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes.split('\r\n').filter(Boolean)).toHaveLength(rows.length);
    expect(outsideQuotes).not.toMatch(/[^\r]\n|\r[^\n]/);
  });

  it('ends records with CRLF (RFC 4180)', () => {
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n');
  });
});
