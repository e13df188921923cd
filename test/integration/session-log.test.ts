import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanJsonl } from '../../electron/services/sessions/jsonl-lines';
import { SessionLog, SessionLogError, type LogRecord } from '../../electron/services/sessions/session-log';
import { makeTempDir } from '../support/temp-dir';

interface Seen {
  record: LogRecord;
  offset: number;
  byteLength: number;
}

/** Opens the log, collecting what the visitor is handed. */
async function openCollecting(file: string) {
  const seen: Seen[] = [];
  const opened = await SessionLog.open(file, (record, offset, byteLength) => seen.push({ record, offset, byteLength }));
  return { ...opened, seen, seqs: seen.map((s) => s.record.seq) };
}

describe('a session log on disk', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let file: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    file = join(dir.path, 'session.jsonl');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('appends one line per record, in order, and hands each back with its exact byte offset and length', async () => {
    const { log, seen } = await openCollecting(file);
    expect(seen).toEqual([]);
    const lines = await Promise.all([1, 2, 3].map((seq) => log.append({ type: 'vote', seq, note: seq === 2 ? '日本語 🙂' : '' })));
    await log.close();
    const bytes = await readFile(file);
    expect(bytes.toString()).toBe('{"type":"vote","seq":1,"note":""}\n{"type":"vote","seq":2,"note":"日本語 🙂"}\n{"type":"vote","seq":3,"note":""}\n');
    const again = await openCollecting(file);
    await again.log.close();
    expect(again.seqs).toEqual([1, 2, 3]);
    expect(again.seen.map(({ offset, byteLength }) => ({ offset, byteLength }))).toEqual(lines);
    for (const { record, offset, byteLength } of again.seen) expect(JSON.parse(bytes.toString('utf8', offset, offset + byteLength))).toEqual(record);
  });

  it('drops a torn last line with a notice, and cuts it off so the next record starts on its own line', async () => {
    await writeFile(file, '{"type":"vote","seq":1}\n{"type":"vote","se');
    const { log, seqs, notices } = await openCollecting(file);
    expect(seqs).toEqual([1]);
    expect(notices).toEqual([expect.stringMatching(/last line of .* was cut short \(18 bytes.*was dropped\. Every earlier record is intact\./)]);
    expect(await log.append({ type: 'vote', seq: 2 })).toEqual({ offset: 24, byteLength: 24 });
    await log.close();
    expect(await readFile(file, 'utf8')).toBe('{"type":"vote","seq":1}\n{"type":"vote","seq":2}\n');
  });

  it('skips a damaged line in the middle and says which, and what the visitor refuses counts as damaged', async () => {
    await writeFile(file, '{"type":"vote","seq":1}\nnot json\n["no type"]\n{"type":"vote","seq":4}\n{"type":"vote","seq":5}\n');
    const seqs: unknown[] = [];
    const { log, notices, corrupt } = await SessionLog.open(file, (record) => {
      if (record.seq === 5) throw new Error('seq 5 refused');
      seqs.push(record.seq);
    });
    await log.close();
    expect(seqs).toEqual([1, 4]);
    expect(corrupt.map((c) => c.line)).toEqual([2, 3, 5]);
    expect(corrupt[2]!.reason).toBe('seq 5 refused');
    expect(notices).toEqual([expect.stringMatching(/^3 damaged lines in .* \(line 2, 3, 5\) were skipped; the rest of the session loaded\.$/)]);
  });

  it('reads a file in chunks, with lines across chunk boundaries and lines longer than a chunk', async () => {
    const records = Array.from({ length: 200 }, (_, seq) => ({ type: 'vote', seq, note: 'é'.repeat(seq % 7 === 0 ? 300 : seq) }));
    await writeFile(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const handle = await open(file, 'r');
    const seen: unknown[] = [];
    const scan = await scanJsonl(async (buffer, offset, length, position) => (await handle.read(buffer, offset, length, position)).bytesRead, (value) => seen.push(value), { chunkBytes: 64 });
    await handle.close();
    expect(seen).toEqual(records);
    expect(scan).toEqual({ corrupt: [], tornBytes: 0, completeBytes: (await readFile(file)).length, lines: 200 });
  });

  it('gives a second opener the log read-only, with the reason, and refuses its appends', async () => {
    const first = await openCollecting(file);
    await first.log.append({ type: 'vote', seq: 1 });
    const second = await openCollecting(file);
    expect(second.seqs).toEqual([1]);
    expect(second.log.readOnlyReason).toMatch(/Another Pairwise process has this session open for writing/);
    await expect(second.log.append({ type: 'vote', seq: 2 })).rejects.toMatchObject({ code: 'read-only' });
    await expect(second.log.append({ type: 'vote', seq: 2 })).rejects.toBeInstanceOf(SessionLogError);
    await first.log.close();
    // Once the writer closed, the lock is free again.
    const third = await openCollecting(file);
    expect(third.log.readOnlyReason).toBeNull();
    await third.log.close();
  });

  it('reads a log without locking it, so a locked log can still be read', async () => {
    const writer = await openCollecting(file);
    await writer.log.append({ type: 'vote', seq: 1 });
    const seqs: unknown[] = [];
    const read = await SessionLog.read(file, (record) => seqs.push(record.seq));
    expect(seqs).toEqual([1]);
    expect(read.notices).toEqual([]);
    await writer.log.append({ type: 'vote', seq: 2 });
    await writer.log.close();
  });
});
