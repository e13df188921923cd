// Reading an append-only JSONL file that a crash may have cut short (design §6): every complete line is one
// record; a last line without its newline was being written when the writer died, and was never acknowledged (a
// record is acknowledged only after its newline is on disk), so it is dropped; a damaged line in the middle is
// skipped and reported, never a reason to lose the lines after it.
//
// Lines are split on the newline byte, not on decoded text, so byte offsets stay exact (a torn line can end inside
// a multi-byte character, and the session index finds records again by offset). A file is read in chunks, so a
// session of hundreds of megabytes never sits in memory whole.

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

export interface JsonlScan {
  corrupt: CorruptLine[];
  tornBytes: number;
  completeBytes: number;
  /** Lines up to `completeBytes`, counted from the file's start (`firstLine` of those before `from` included). */
  lines: number;
}

export interface ScanOptions {
  /** Where to start: a line start (default 0). */
  from?: number;
  /** Lines before `from`, so that corrupt lines keep their number in the file. */
  firstLine?: number;
  until?: number;
  chunkBytes?: number;
  /** Gets the bytes of the complete lines in file order (for a fingerprint of what was read); valid during the call. */
  onBytes?: (bytes: Buffer) => void;
}

/** Gets one parsed line with where it sits in the file (and its text); throws to mark the line corrupt. */
export type JsonlVisitor = (value: unknown, offset: number, byteLength: number, line: number, text: string) => void;

const NEWLINE = 0x0a;
/** Big enough that the per-read cost vanishes, small enough to stay out of the way of the memory budget. */
export const JSONL_CHUNK_BYTES = 8 * 1024 * 1024;

/** Reads up to `length` bytes at `position` into `buffer` at `offset`; resolves with how many it read (0: end). */
export type ReadAt = (buffer: Buffer, offset: number, length: number, position: number) => Promise<number>;

/** Splits `bytes` up to its last newline into lines (`base`: the file offset of bytes[0]); returns bytes consumed. */
function visitLines(bytes: Buffer, base: number, state: { line: number; corrupt: CorruptLine[] }, visit: JsonlVisitor): number {
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  let start = 0;
  while (start < end) {
    const stop = bytes.indexOf(NEWLINE, start);
    state.line += 1;
    if (stop > start) {
      const text = bytes.toString('utf8', start, stop);
      try {
        if (text.trim() !== '') visit(JSON.parse(text), base + start, stop - start + 1, state.line, text);
      } catch (error) {
        state.corrupt.push({ line: state.line, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    start = stop + 1;
  }
  return end;
}

/**
 * Visits every complete line of a file from `from` (a line start) to `until` (default: the end), reading it in
 * chunks. A line longer than a chunk grows the buffer. What follows the last newline is the torn tail.
 */
export async function scanJsonl(readAt: ReadAt, visit: JsonlVisitor, options: ScanOptions = {}): Promise<JsonlScan> {
  const state = { line: options.firstLine ?? 0, corrupt: [] as CorruptLine[] };
  let buffer: Buffer = Buffer.allocUnsafe(options.chunkBytes ?? JSONL_CHUNK_BYTES);
  let position = options.from ?? 0;
  const until = options.until ?? Number.POSITIVE_INFINITY;
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) buffer = grow(buffer);
    const want = Math.min(buffer.length - filled, until - position - filled);
    const read = want > 0 ? await readAt(buffer, filled, want, position + filled) : 0;
    if (read === 0) break;
    filled += read;
    const consumed = visitLines(buffer.subarray(0, filled), position, state, visit);
    if (consumed > 0) options.onBytes?.(buffer.subarray(0, consumed));
    if (consumed > 0) buffer.copyWithin(0, consumed, filled);
    filled -= consumed;
    position += consumed;
  }
  return { corrupt: state.corrupt, tornBytes: filled, completeBytes: position, lines: state.line };
}

function grow(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger);
  return bigger;
}

/** The same rules over bytes already in memory (an import, a test). */
export function parseJsonl<T>(bytes: Buffer, accept: (value: unknown) => T): ParsedJsonl<T> {
  const records: T[] = [];
  const state = { line: 0, corrupt: [] as CorruptLine[] };
  const end = visitLines(bytes, 0, state, (value) => records.push(accept(value)));
  return { records, corrupt: state.corrupt, tornBytes: bytes.length - end, completeBytes: end };
}
