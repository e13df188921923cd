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

export function csvLine(cells: readonly CsvCell[]): string {
  const line = stringify([cells.map(neutralizeCell)], LINE_OPTIONS);
  return `${line.slice(0, -1)}\r\n`;
}
