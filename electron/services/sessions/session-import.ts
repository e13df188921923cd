// Restoring a JSONL export (issue 9, Export): all or nothing. Every line must be a record Pairwise can read, the
// first one the session's header, and every reference must hold (a vote for a comparison that is in the file). The
// file written is the export's bytes as they are, so export → import → export gives the same bytes; only a copy
// gets a new id, in its header line.
import { ServiceError } from '../../shared/errors';
import type { SessionHeaderRecord } from '../../shared/sessions';
import { SessionIndex } from './session-index';
import { parseSessionHeader, parseSessionRecord } from './session-records';

export interface ParsedImport {
  sessionId: string;
  header: SessionHeaderRecord;
  /** What the session file will hold. */
  bytes: Buffer;
}

function refuse(line: number, reason: string): ServiceError {
  return new ServiceError('invalid-request', `This is not a Pairwise session export that can be imported: line ${line} ${reason}. Nothing was imported.`);
}

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw refuse(line, `is not JSON (${(error as Error).message})`);
  }
}

/** Checks every line; `copyId` non-null gives the session that id instead of its own. */
export function parseImport(jsonl: string, copyId: string | null): ParsedImport {
  const text = jsonl.endsWith('\n') ? jsonl : `${jsonl}\n`;
  const lines = text.slice(0, -1).split('\n');
  let index: SessionIndex | null = null;
  let offset = 0;
  lines.forEach((lineText, i) => {
    const line = i + 1;
    const byteLength = Buffer.byteLength(lineText) + 1;
    if (lineText.trim() === '') throw refuse(line, 'is empty');
    const value = parseLine(lineText, line);
    try {
      if (index === null) index = new SessionIndex(parseSessionHeader(value), { offset, byteLength });
      else {
        const record = parseSessionRecord(value);
        const refusal = index.refusal(record);
        if (refusal !== null) throw refuse(line, `does not fit the lines before it (${refusal})`);
        index.add(record, { offset, byteLength });
      }
    } catch (error) {
      throw error instanceof ServiceError ? error : refuse(line, `is ${(error as Error).message}`);
    }
    offset += byteLength;
  });
  const header = (index as SessionIndex | null)?.header;
  if (!header) throw refuse(1, 'is missing: the file is empty');
  if (copyId === null) return { sessionId: header.id, header, bytes: Buffer.from(text, 'utf8') };
  const copy: SessionHeaderRecord = { ...header, id: copyId };
  return { sessionId: copyId, header: copy, bytes: Buffer.from(`${JSON.stringify(copy)}\n${text.slice(lines[0]!.length + 1)}`, 'utf8') };
}
