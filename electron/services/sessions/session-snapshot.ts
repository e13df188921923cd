// The index snapshot beside a session file (issue 9: a session of 100,000 comparisons reopens in well under 1.5 s):
// `<id>.index` holds the in-memory index (session-index.ts) as it stood after the first N bytes of `<id>.jsonl`,
// with a fingerprint of those N bytes. It is derived data: never the source of truth, rebuilt from the JSONL
// whenever it does not fit (another format version, a file shorter than N, a prefix whose bytes changed, a
// damaged snapshot), and written again later. Opening a session with a snapshot that fits reads the snapshot and
// parses only the records after N; the lock, torn-tail and corrupt-line rules apply to that tail as to a whole file.
//
// Layout: "PWINDEX\n", u32 format, u32 meta length, the meta JSON (what the snapshot covers, the prefix's damaged
// lines, the index's small state, and the list of sections), then the sections, each padded to 8 bytes: the
// index's typed columns as raw little-endian bytes, then per text block its starts, its items and its text (Latin-1
// one byte a character, or UTF-16LE), and last a SHA-256 of everything before it (a snapshot damaged on disk is
// detected, not believed). Written to a temp file, fsynced, renamed into place, folder fsynced.
import { createHash, type Hash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import type { CorruptLine, ReadAt } from './jsonl-lines';
import type { IndexColumns, IndexMeta, IndexSnapshot } from './session-index';
import type { BlockSnapshot, TextBlocksSnapshot } from './session-text';

/**
 * Bump whenever what the index keeps, or how it is laid out here, changes: older snapshots are then ignored.
 * 2 (issue 10): the models column, prompt set runs, the latest server of each of N models.
 */
export const SNAPSHOT_FORMAT = 2;
const MAGIC = Buffer.from('PWINDEX\n', 'latin1');
const HEAD_BYTES = 16;
const HASH = 'sha256';
const HASH_BYTES = 32;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Snapshots hold typed arrays as raw bytes: a big-endian machine neither writes nor reads them. */
const LITTLE_ENDIAN = endianness() === 'LE';

/** The JSONL prefix a snapshot stands for. */
export interface SnapshotCover {
  /** Bytes of the JSONL (complete lines). */
  bytes: number;
  /** Lines in those bytes (blank and damaged ones included), so later damaged lines keep their numbers. */
  lines: number;
  /** SHA-256 of those bytes, hex. */
  sha256: string;
}

type ColumnType = 'f64' | 'i32' | 'u8';
interface ColumnEntry {
  name: keyof IndexColumns;
  type: ColumnType;
  length: number;
}
interface BlocksEntry {
  count: number;
  open: [number, number];
  blocks: { wide: boolean; chars: number; items: number; starts: number }[];
}
interface SnapshotMeta {
  cover: SnapshotCover;
  corrupt: CorruptLine[];
  index: IndexMeta;
  columns: ColumnEntry[];
  text: BlocksEntry;
  voteText: BlocksEntry;
}

const COLUMN_NAMES: readonly (keyof IndexColumns)[] = [
  'lineOffsets',
  'lineLengths',
  'conversationOf',
  'conversationFirst',
  'turns',
  'offsets',
  'byteLengths',
  'flags',
  'models',
  'outcomes',
  'timings',
  'latestVote',
  'effective',
  'voteCategory',
  'voteItem',
  'voteUndone',
  'voteComparison',
  'votePrevious',
];
const BYTES_OF: Record<ColumnType, number> = { f64: 8, i32: 4, u8: 1 };

const typeOf = (array: IndexColumns[keyof IndexColumns]): ColumnType => (array instanceof Float64Array ? 'f64' : array instanceof Int32Array ? 'i32' : 'u8');
const padded = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/** `<folder>/<id>.index` for `<folder>/<id>.jsonl`. */
export function snapshotPathOf(jsonlPath: string): string {
  return jsonlPath.replace(/\.jsonl$/, '') + '.index';
}

// ─── the fingerprint ────────────────────────────────────────────────────────────────────────────────────────

/** A running SHA-256 of a JSONL prefix: fed the bytes as they are read or appended. */
export function prefixHash(): Hash {
  return createHash(HASH);
}

/**
 * SHA-256 of the first `bytes` bytes of a file, whole (any change of the prefix changes it); reads the next chunk
 * while it hashes this one. Resolves null when the file is shorter. Feeds the bytes to `hash` too, so the caller
 * can go on hashing the rest.
 */
export async function hashPrefix(readAt: ReadAt, bytes: number, hash: Hash): Promise<string | null> {
  const buffers = [Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(bytes, 1))), Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(bytes, 1)))];
  const readChunk = async (which: number, position: number): Promise<number> => {
    const buffer = buffers[which]!;
    const want = Math.min(buffer.length, bytes - position);
    let done = 0;
    while (done < want) {
      const read = await readAt(buffer, done, want - done, position + done);
      if (read === 0) break;
      done += read;
    }
    return done;
  };
  let position = 0;
  let which = 0;
  let pending = bytes > 0 ? readChunk(which, 0) : Promise.resolve(0);
  while (position < bytes) {
    const got = await pending;
    if (got === 0) return null;
    const current = buffers[which]!.subarray(0, got);
    position += got;
    which = 1 - which;
    pending = position < bytes ? readChunk(which, position) : Promise.resolve(0);
    hash.update(current);
  }
  return hash.copy().digest('hex');
}

// ─── writing ────────────────────────────────────────────────────────────────────────────────────────────────

function blocksEntry(snapshot: TextBlocksSnapshot): BlocksEntry {
  return {
    count: snapshot.count,
    open: snapshot.open,
    blocks: snapshot.blocks.map((b) => ({ wide: b.wide, chars: b.text.length, items: b.items.length, starts: b.starts.length })),
  };
}

/** Buffers small pieces into big writes, hashing every byte. */
class SnapshotWriter {
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private filled = 0;
  private position = 0;
  readonly hash = createHash(HASH);

  constructor(private readonly handle: FileHandle) {}

  async put(bytes: Buffer): Promise<void> {
    this.hash.update(bytes);
    if (bytes.length > this.buffer.length - this.filled) await this.flush();
    if (bytes.length >= this.buffer.length) return this.writeAll(bytes);
    bytes.copy(this.buffer, this.filled);
    this.filled += bytes.length;
  }

  async pad(): Promise<void> {
    const extra = padded(this.position + this.filled) - (this.position + this.filled);
    if (extra > 0) await this.put(Buffer.alloc(extra));
  }

  async flush(): Promise<void> {
    if (this.filled === 0) return;
    await this.writeAll(this.buffer.subarray(0, this.filled));
    this.filled = 0;
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.writeAll(this.hash.digest());
  }

  private async writeAll(bytes: Buffer): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, this.position);
      if (bytesWritten === 0) throw Object.assign(new Error('no byte could be written'), { code: 'ENOSPC' });
      done += bytesWritten;
      this.position += bytesWritten;
    }
  }
}

const bytesOf = (array: Int32Array | Float64Array | Uint8Array): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

async function putBlocks(writer: SnapshotWriter, blocks: readonly BlockSnapshot[]): Promise<void> {
  for (const block of blocks) {
    await writer.put(bytesOf(block.starts));
    await writer.pad();
    await writer.put(bytesOf(block.items));
    await writer.pad();
    await writer.put(Buffer.from(block.text, block.wide ? 'utf16le' : 'latin1'));
    await writer.pad();
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/**
 * Writes a snapshot of `index` covering `cover` atomically (temp file, fsync, rename, folder fsync). The index
 * snapshot must have been made when the index stood exactly at `cover`. Nothing on a big-endian machine.
 */
export async function writeSnapshot(path: string, index: IndexSnapshot, cover: SnapshotCover, corrupt: readonly CorruptLine[]): Promise<void> {
  if (!LITTLE_ENDIAN) return;
  const meta: SnapshotMeta = {
    cover,
    corrupt: [...corrupt],
    index: index.meta,
    columns: COLUMN_NAMES.map((name) => ({ name, type: typeOf(index.columns[name]), length: index.columns[name].length })),
    text: blocksEntry(index.text),
    voteText: blocksEntry(index.voteText),
  };
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w');
  try {
    const writer = new SnapshotWriter(handle);
    const head = Buffer.alloc(HEAD_BYTES);
    MAGIC.copy(head, 0);
    head.writeUInt32LE(SNAPSHOT_FORMAT, 8);
    head.writeUInt32LE(metaBytes.length, 12);
    await writer.put(head);
    await writer.put(metaBytes);
    await writer.pad();
    for (const name of COLUMN_NAMES) {
      await writer.put(bytesOf(index.columns[name]));
      await writer.pad();
    }
    await putBlocks(writer, index.text.blocks);
    await putBlocks(writer, index.voteText.blocks);
    await writer.finish();
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

// ─── reading ────────────────────────────────────────────────────────────────────────────────────────────────

/** Reads a file forward in big chunks, hashing every byte up to `end`; `take(n)` is valid until the next take. */
class SnapshotReader {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private start = 0;
  private filled = 0;
  private position: number;
  readonly hash = createHash(HASH);

  constructor(
    private readonly handle: FileHandle,
    private readonly end: number,
    from: number,
  ) {
    this.position = from;
  }

  get offset(): number {
    return this.position - this.filled + this.start;
  }

  async take(bytes: number): Promise<Buffer> {
    if (this.offset + bytes > this.end) throw new Error('the snapshot is shorter than its sections');
    if (this.filled - this.start < bytes) {
      const kept = this.filled - this.start;
      if (bytes > this.buffer.length) {
        const bigger = Buffer.allocUnsafe(bytes);
        this.buffer.copy(bigger, 0, this.start, this.filled);
        this.buffer = bigger;
      } else this.buffer.copyWithin(0, this.start, this.filled);
      this.start = 0;
      this.filled = kept;
      while (this.filled < bytes) {
        const want = Math.min(this.buffer.length - this.filled, this.end - this.position);
        const { bytesRead } = await this.handle.read(this.buffer, this.filled, want, this.position);
        if (bytesRead === 0) throw new Error('the snapshot ended early');
        this.hash.update(this.buffer.subarray(this.filled, this.filled + bytesRead));
        this.filled += bytesRead;
        this.position += bytesRead;
      }
    }
    const slice = this.buffer.subarray(this.start, this.start + bytes);
    this.start += bytes;
    return slice;
  }

  async skipPadding(): Promise<void> {
    const extra = padded(this.offset) - this.offset;
    if (extra > 0) await this.take(extra);
  }
}

async function takeColumn(reader: SnapshotReader, type: ColumnType, length: number): Promise<Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>> {
  const array = type === 'f64' ? new Float64Array(length) : type === 'i32' ? new Int32Array(length) : new Uint8Array(length);
  const bytes = await reader.take(length * BYTES_OF[type]);
  bytes.copy(bytesOf(array));
  await reader.skipPadding();
  return array;
}

async function takeBlocks(reader: SnapshotReader, entry: BlocksEntry): Promise<TextBlocksSnapshot> {
  const blocks: BlockSnapshot[] = [];
  for (const b of entry.blocks) {
    const starts = (await takeColumn(reader, 'i32', b.starts)) as Int32Array<ArrayBuffer>;
    const items = (await takeColumn(reader, 'i32', b.items)) as Int32Array<ArrayBuffer>;
    const text = (await reader.take(b.chars * (b.wide ? 2 : 1))).toString(b.wide ? 'utf16le' : 'latin1');
    await reader.skipPadding();
    blocks.push({ text, wide: b.wide, starts, items });
  }
  return { count: entry.count, open: entry.open, blocks };
}

/** A snapshot file opened and its meta read; the rest is read only if the caller finds that it fits. */
export interface OpenedSnapshot {
  cover: SnapshotCover;
  corrupt: CorruptLine[];
  /** Reads the rest and checks the snapshot's own checksum; throws when it is damaged. Closes the file. */
  read(): Promise<IndexSnapshot>;
  close(): Promise<void>;
}

/**
 * Opens a snapshot and reads its meta. Resolves null when there is none, it is of another format, or it cannot be
 * read (a snapshot is never a reason for a session not to open).
 */
export async function openSnapshot(path: string): Promise<OpenedSnapshot | null> {
  if (!LITTLE_ENDIAN) return null;
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const { size } = await handle.stat();
    if (size < HEAD_BYTES + HASH_BYTES) throw new Error('too short');
    const reader = new SnapshotReader(handle, size - HASH_BYTES, 0);
    const head = await reader.take(HEAD_BYTES);
    if (!head.subarray(0, MAGIC.length).equals(MAGIC) || head.readUInt32LE(8) !== SNAPSHOT_FORMAT) throw new Error('another format');
    const metaLength = head.readUInt32LE(12);
    const meta = JSON.parse((await reader.take(metaLength)).toString('utf8')) as SnapshotMeta;
    await reader.skipPadding();
    const names = meta.columns?.map((c) => c.name).join(',');
    if (names !== COLUMN_NAMES.join(',') || typeof meta.cover?.bytes !== 'number' || typeof meta.cover.sha256 !== 'string') throw new Error('not a snapshot of this index');
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      cover: meta.cover,
      corrupt: meta.corrupt,
      close,
      read: async () => {
        try {
          const columns = {} as Record<keyof IndexColumns, unknown>;
          for (const column of meta.columns) columns[column.name] = await takeColumn(reader, column.type, column.length);
          const text = await takeBlocks(reader, meta.text);
          const voteText = await takeBlocks(reader, meta.voteText);
          if (reader.offset !== size - HASH_BYTES) throw new Error('the snapshot has bytes after its sections');
          const stored = Buffer.alloc(HASH_BYTES);
          await handle.read(stored, 0, HASH_BYTES, size - HASH_BYTES);
          if (!stored.equals(reader.hash.digest())) throw new Error('the snapshot is damaged (its checksum does not match)');
          return { meta: meta.index, columns: columns as unknown as IndexColumns, text, voteText };
        } finally {
          await close();
        }
      },
    };
  } catch {
    await handle.close().catch(() => undefined);
    return null;
  }
}
