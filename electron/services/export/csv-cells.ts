// CSV for spreadsheets that run formulas (issue 9, Export): RFC 4180 with CRLF and a UTF-8 BOM by csv-stringify,
// and every text cell a spreadsheet would read as a formula neutralised first. No library covers OWASP's whole
// list (CSV Injection: = + - @ tab CR), and LF and NUL start formulas in some importers too, so that part is
// written here: such a cell gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
import { stringify } from 'csv-stringify/sync';

/** The first characters that make a spreadsheet evaluate a cell. */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;

export type CsvCell = string | number | boolean | null;

/** A text cell as it can be written safely; numbers, booleans and empty cells are never formulas. */
export function neutralizeCell(cell: CsvCell): CsvCell {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export interface CsvOptions {
  /** A UTF-8 byte-order mark first, so Excel reads the file as UTF-8 (default true). */
  bom?: boolean;
}

/** Rows (header first) as one RFC 4180 document: quoted where needed, CRLF line ends, cells neutralised. */
export function toCsv(rows: CsvCell[][], options: CsvOptions = {}): string {
  const safe = rows.map((row) => row.map(neutralizeCell));
  return stringify(safe, { bom: options.bom ?? true, record_delimiter: 'windows', cast: { boolean: (value) => (value ? 'true' : 'false') } });
}
