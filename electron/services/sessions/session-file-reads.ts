// Reading a session file's lines back by the byte ranges the index keeps: whole chunks at a time, one line at a
// time out of them (comparisons for History and the exports, a conversation for reopening it).
import { open, type FileHandle } from 'node:fs/promises';
import { ServiceError } from '../../shared/errors';
import { JSONL_CHUNK_BYTES } from './jsonl-lines';
import type { LineRanges } from './session-index';

async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/** Yields the bytes of each range (in file order), reading the file in big chunks; each buffer is valid until the next. */
export async function* readRanges(path: string, ranges: LineRanges | null): AsyncGenerator<Buffer> {
  if (ranges === null || ranges.offsets.length === 0) return;
  const { offsets, byteLengths } = ranges;
  const handle = await open(path, 'r');
  try {
    const lastEnd = offsets.at(-1)! + byteLengths.at(-1)!;
    let buffer: Buffer | null = null;
    let start = 0;
    let end = 0;
    for (let i = 0; i < offsets.length; i += 1) {
      const offset = offsets[i]!;
      const byteLength = byteLengths[i]!;
      if (buffer === null || offset < start || offset + byteLength > end) {
        // A chunk, or less when the ranges left end sooner (one comparison, one conversation).
        const want = Math.max(byteLength, Math.min(JSONL_CHUNK_BYTES, lastEnd - offset));
        if (buffer === null || buffer.length < want) buffer = Buffer.allocUnsafe(want);
        start = offset;
        end = start + (await readFully(handle, buffer, want, start));
        if (offset + byteLength > end) throw new ServiceError('io-error', `${path} is shorter than when it was loaded: something other than Pairwise changed it. Close Pairwise and reopen the session.`);
      }
      yield buffer.subarray(offset - start, offset - start + byteLength);
    }
  } finally {
    await handle.close();
  }
}

export const parseLine = <T>(bytes: Buffer): T => JSON.parse(bytes.toString('utf8')) as T;
