// Reading a CSV prompt set into rows (csv-parse): a header row first, then one prompt per row. A UTF-8 BOM, CRLF
// or LF line ends, and quoted cells with commas, doubled quotes and line breaks are all read. The delimiter is
// the one the header row uses most of ",", ";" and tab (a comma when it has none), so a spreadsheet saved with
// semicolons or as TSV reads too. Rows whose cells are all empty are passed over silently (spreadsheets leave
// them at the end); rows with more cells than the header has columns are read with one warning listing them,
// since that usually means a comma in a cell that was not quoted.
import { parse } from 'csv-parse/sync';
import { ServiceError } from '../../shared/errors';
import { matchFields, namesOf, unusedNames, type RawEntry, type Warn } from './prompt-set-fields';

interface ParsedRecord {
  record: string[];
  /** `bytes`: how far into the input the parser was when it gave the record (its line break included). */
  info: { bytes: number };
}

const DELIMITERS = [',', ';', '\t'] as const;
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** The delimiter the header row uses most, outside quotes. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of text.slice(0, 64 * 1024)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ',';
  for (const delimiter of DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  return best;
}

/** 1-based line numbers of byte offsets in a buffer. */
function lineFinder(buffer: Buffer): (offset: number) => number {
  const breaks: number[] = [];
  for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, at + 1)) breaks.push(at);
  return (offset) => {
    let low = 0;
    let high = breaks.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (breaks[middle]! < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}

function unreadable(error: unknown): ServiceError {
  const { code, lines, message } = error as { code?: string; lines?: number; message?: string };
  const where = typeof lines === 'number' ? ` (line ${lines})` : '';
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return new ServiceError(
      'invalid-request',
      `This CSV file has a quoted cell that is never closed${where}. Put a closing quote at the end of that cell (a quote inside a quoted cell is written twice: ""), then import the file again.`,
    );
  }
  return new ServiceError('invalid-request', `This CSV file cannot be read${where}: ${message ?? String(error)}. Save it again as CSV (UTF-8) from your spreadsheet, then import it again.`);
}

/** The header's fields and the rows under it; throws a ServiceError when there is no prompt column. */
export function readCsvRows(text: string, warn: Warn): RawEntry[] {
  const buffer = Buffer.from(text, 'utf8');
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  let records: ParsedRecord[];
  try {
    records = parse(buffer, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as ParsedRecord[];
  } catch (error) {
    throw unreadable(error);
  }
  const [header, ...rows] = records;
  if (!header) throw new ServiceError('invalid-request', 'This CSV file has no rows. Its first row names the columns (one of them "prompt"), and each row under it holds one prompt.');

  const { positions, unused } = matchFields(header.record);
  if (!positions.has('prompt')) {
    const found = header.record.filter((name) => name.trim() !== '');
    const columns = found.length > 0 ? `Its first row has ${found.length === 1 ? 'the column' : 'the columns'} ${found.map((name) => `"${name.trim().slice(0, 60)}"`).join(', ')}.` : 'Its first row is empty.';
    throw new ServiceError(
      'invalid-request',
      `This CSV file has no prompt column. ${columns} Name the column that holds the prompts ${namesOf('prompt')} in the first row, then import the file again.`,
    );
  }
  if (unused.length > 0) warn(unusedNames(unused, 'column'));

  const lineOf = lineFinder(buffer);
  const entries: RawEntry[] = [];
  /** Lines of rows with more cells than the header has columns. */
  const overfull: number[] = [];
  let end = header.info.bytes;
  for (const { record, info } of rows) {
    // The record starts after the previous one's line break and any empty lines skipped before it.
    let start = end;
    while (buffer[start] === 0x0a || buffer[start] === 0x0d) start += 1;
    end = info.bytes;
    const line = lineOf(start);
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length > header.record.length) overfull.push(line);
    const values: RawEntry['values'] = {};
    for (const [field, position] of positions) values[field] = record[position] ?? '';
    entries.push({ line, values });
  }
  if (overfull.length > 0) {
    const lines = `${overfull.slice(0, 10).join(', ')}${overfull.length > 10 ? ` and ${overfull.length - 10} more` : ''}`;
    warn(
      `${overfull.length === 1 ? `line ${lines} has` : `lines ${lines} have`} more cells than the header has columns: is there a ${DELIMITER_NAMES[delimiter]} in a cell without quotes? The cells past the last column were left out; check ${overfull.length === 1 ? 'that row' : 'those rows'}.`,
    );
  }
  return entries;
}
