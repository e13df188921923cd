// The lossless export (issue 9, Export): every valid record of a session, in file order, one JSON per line, as the
// session file holds them. Records are written as JSON.stringify writes them, which is how the store writes its
// lines, so a file the store imported byte for byte exports byte for byte again.
//
// All sessions in one file: each session's records one after another, each run starting with its `session`
// header. The app's import takes one session per file; `pairwise import` splits such a file at each header
// (splitSessionFile) and imports every session in it.
import type { ExportSink } from './export-sink';
import type { ExportSource } from './export-source';

/** Records per write: one write per line would cost a Buffer and a stream call for each of 300k lines. */
const BATCH_RECORDS = 200;

export async function writeJsonl(sink: ExportSink, sources: readonly ExportSource[]): Promise<void> {
  for (const source of sources) {
    let batch = '';
    let count = 0;
    for await (const record of source.records()) {
      batch += `${JSON.stringify(record)}\n`;
      count += 1;
      if (count % BATCH_RECORDS === 0) {
        await sink.write(batch);
        batch = '';
      }
    }
    await sink.write(batch);
    sink.rows += count;
  }
}

const HEADER_HINT = '"type":"session"';

/**
 * One session's JSONL per header record, in order. Lines before the first header stay with it (the store refuses a
 * file without one, with its own message). A line is a header only if it parses as one, so a prompt quoting
 * `"type":"session"` does not split.
 */
export function splitSessionFile(text: string): string[] {
  const sessions: string[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    const end = text.indexOf('\n', lineStart);
    const lineEnd = end === -1 ? text.length : end + 1;
    if (lineStart > start && isHeaderLine(text.slice(lineStart, lineEnd))) {
      sessions.push(text.slice(start, lineStart));
      start = lineStart;
    }
    lineStart = lineEnd;
  }
  if (start < text.length) sessions.push(text.slice(start));
  return sessions;
}

function isHeaderLine(line: string): boolean {
  if (!line.includes(HEADER_HINT)) return false;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'session';
  } catch {
    return false;
  }
}
