// One CSV record as RFC 4180 wants it, by csv-stringify: fields quoted where needed, CRLF at the end, every text
// cell neutralised against formula injection first (neutralizeCell, csv-cells.ts).
//
// Two csv-stringify options are set on purpose:
//  - quote_record_delimiter: true. Once record_delimiter is given, csv-stringify by default quotes only fields that
//    hold the record delimiter itself, so with CRLF a field holding a bare LF or CR would go out unquoted, and
//    Excel, LibreOffice and Python's csv module would all end the row there. Any field with CR or LF is quoted.
//  - record_delimiter LF, turned into CRLF here. With a two-character delimiter csv-stringify checks every field
//    for a delimiter it could straddle, which costs more than all its other work (twice the time of a 100,000-row
//    export). With LF and quote_record_delimiter every field holding CR or LF is quoted, so the line's last LF is
//    its only unquoted one, and the output is the same as CRLF mode would give.
import { stringify } from 'csv-stringify/sync';
import { neutralizeCell, type CsvCell } from './csv-cells';

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';

const LINE_OPTIONS = {
  record_delimiter: 'unix',
  quote_record_delimiter: true,
  cast: { boolean: (value: boolean) => (value ? 'true' : 'false') },
} as const;

/**
 * A record's cells, neutralised, each field quoted by csv-stringify where it needs quotes. A field with no comma,
 * quote, CR or LF stands as it is (RFC 4180), exactly as csv-stringify writes it, so only the few fields of a row
 * that need quotes (a prompt with a comma) go through csv-stringify: its per-field work on every cell was most of
 * an export's CSV time. It decides quoting field by field, so a record is its fields joined by commas either way;
 * test/unit/csv-line.test.ts holds csvLine to csv-stringify's whole-record output byte for byte.
 */
export function csvLine(cells: readonly CsvCell[]): string {
  const fields: string[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i += 1) {
    const cell = neutralizeCell(cells[i]!);
    fields[i] = plainField(cell) ?? stringify([[cell]], LINE_OPTIONS).slice(0, -1);
  }
  return `${fields.join(',')}\r\n`;
}

/** csv-stringify's own record: quoting, doubling quotes, and the casts below. */
export function stringifiedLine(cells: readonly CsvCell[]): string {
  const line = stringify([cells.map(neutralizeCell)], LINE_OPTIONS);
  return `${line.slice(0, -1)}\r\n`;
}

/** A cell as csv-stringify writes a field that needs no quotes, or null when it needs them (or is not so simple). */
function plainField(cell: CsvCell): string | null {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  // An empty string is quoted by csv-stringify only with quoted_empty; fields needing quotes go to it.
  return NEEDS_QUOTES.test(cell) ? null : cell;
}

const NEEDS_QUOTES = /[",\r\n]/;
