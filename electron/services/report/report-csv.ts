// The report's table as CSV (table.csv): the same rows and the same cell text as report.md's tables, one line per
// metric and scope, one column per model. RFC 4180 with CRLF and a UTF-8 BOM, every text cell (model names,
// category names, dimensions) neutralised against formula injection: csvLine, as every other CSV export.
import { csvLine, UTF8_BOM } from '../export/csv-line';
import { formatCell, scopeName, type ReportTable } from './report-table';

/** scope, metric, then one column per model (named as the session names it). */
export function tableCsv(table: ReportTable): string {
  let text = UTF8_BOM + csvLine(['scope', 'metric', ...table.models]);
  for (const row of table.rows) text += csvLine([scopeName(row.category), row.metric, ...row.cells.map((cell) => formatCell(row.unit, cell))]);
  return text;
}
