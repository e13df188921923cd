// CSV cells for spreadsheets that run formulas (issue 9, Export): every text cell a spreadsheet would read as a
// formula is neutralised before csv-stringify writes the record (csv-line.ts). No library covers OWASP's whole
// list (CSV Injection: = + - @ tab CR), and LF and NUL start formulas in some importers too, so that part is
// written here: such a cell gets a leading apostrophe, which spreadsheets show as text and do not evaluate.

/** The first characters that make a spreadsheet evaluate a cell: = + - @ tab CR LF NUL, by char code (an export
 *  checks millions of cells; a lookup is several times cheaper than a regular expression here). */
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0x0a, 0x00]);

export type CsvCell = string | number | boolean | null;

/** A text cell as it can be written safely; numbers, booleans and empty cells are never formulas. */
export function neutralizeCell(cell: CsvCell): CsvCell {
  return typeof cell === 'string' && cell.length > 0 && FORMULA_START.has(cell.charCodeAt(0)) ? `'${cell}` : cell;
}
