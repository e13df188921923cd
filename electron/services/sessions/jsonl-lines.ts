// Reading an append-only JSONL file that a crash may have cut short (design §6): every complete line is one
// record; a last line without its newline was being written when the writer died, and was never acknowledged (a
// record is acknowledged only after its newline is on disk), so it is dropped; a damaged line in the middle is
// skipped and reported, never a reason to lose the lines after it.

export interface CorruptLine {
  /** 1-based, as an editor shows it. */
  line: number;
  reason: string;
}

export interface ParsedJsonl<T> {
  records: T[];
  corrupt: CorruptLine[];
  /** Bytes of a torn last line (0 when the file ends with a newline). */
  tornBytes: number;
  /** Length in bytes of the file up to its last complete line: where the next record must start. */
  completeBytes: number;
}

const NEWLINE = 0x0a;

/**
 * Splits on the newline byte, not on decoded text, so byte offsets stay exact (a torn line can end inside a
 * multi-byte character). `accept` turns one parsed line into a record, or throws to mark it corrupt.
 */
export function parseJsonl<T>(bytes: Buffer, accept: (value: unknown) => T): ParsedJsonl<T> {
  const records: T[] = [];
  const corrupt: CorruptLine[] = [];
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  let start = 0;
  let line = 0;
  while (start < end) {
    const stop = bytes.indexOf(NEWLINE, start);
    line += 1;
    const text = bytes.toString('utf8', start, stop);
    start = stop + 1;
    if (text.trim() === '') continue;
    try {
      records.push(accept(JSON.parse(text)));
    } catch (error) {
      corrupt.push({ line, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { records, corrupt, tornBytes: bytes.length - end, completeBytes: end };
}
