import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportTo, exportToFile } from '../../electron/services/export/export-run';
import { splitSessionFile } from '../../electron/services/export/jsonl-export';
import { SessionStore } from '../../electron/services/sessions/session-store';
import type { ExportRequest, SessionHeaderRecord } from '../../electron/shared/sessions';
import { buildSessionRecords, ratedFrom, toJsonl } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';

async function exportText(store: SessionStore, request: ExportRequest): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const result = await exportTo(stream, request, store);
  stream.end();
  const text = Buffer.concat(chunks).toString('utf8');
  expect(result.bytes).toBe(Buffer.byteLength(text));
  return text;
}

const idOf = (records: ReturnType<typeof buildSessionRecords>): string => (records[0] as SessionHeaderRecord).id;

// Through the real session store, on real files: what the exporters read is what the store streams from disk.
describe('exports of a real session store', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  const stores: SessionStore[] = [];
  const storeIn = (name: string): SessionStore => {
    const store = new SessionStore({ folder: join(dir.path, name, 'sessions') });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await dir.remove();
  });

  it('JSONL: export → import → export is byte-identical, and equal to the records as written', async () => {
    const records = buildSessionRecords(500, { seed: 31 });
    const first = storeIn('a');
    await first.import(toJsonl(records));
    const exported = await exportText(first, { format: 'jsonl', sessionId: idOf(records) });
    expect(exported).toBe(toJsonl(records));

    const second = storeIn('b');
    const summary = await second.import(exported);
    expect(summary).toMatchObject({ id: idOf(records), comparisons: 500 });
    const again = await exportText(second, { format: 'jsonl', sessionId: idOf(records) });
    expect(Buffer.from(again).equals(Buffer.from(exported))).toBe(true);
  });

  it('JSONL: a session built by appending, one record at a time, exports as it was appended', async () => {
    const records = buildSessionRecords(40, { seed: 32 });
    const store = storeIn('a');
    const session = await store.create(records[0] as SessionHeaderRecord);
    for (const record of records.slice(1)) await session.append(record);
    expect(await exportText(store, { format: 'jsonl', sessionId: session.id })).toBe(toJsonl(records));
  });

  it('JSONL of all sessions: each session in turn, which the command line splits and imports back', async () => {
    const sessions = [buildSessionRecords(30, { seed: 1 }), buildSessionRecords(20, { seed: 2 })];
    const store = storeIn('a');
    for (const records of sessions) await store.import(toJsonl(records));
    const all = await exportText(store, { format: 'jsonl', sessionId: null });
    const parts = splitSessionFile(all);
    expect(parts.sort()).toEqual(sessions.map(toJsonl).sort());
    const other = storeIn('b');
    for (const part of parts) await other.import(part);
    expect(await exportText(other, { format: 'jsonl', sessionId: null })).toBe(all);
  });

  it('CSV to a file: one row per comparison, votes as the store folds them (undos and edits applied)', async () => {
    const records = buildSessionRecords(400, { seed: 33, undoRate: 0.2, editRate: 0.3 });
    const store = storeIn('a');
    await store.import(toJsonl(records));
    const path = join(dir.path, 'out.csv');
    const result = await exportToFile(path, { format: 'csv', sessionId: idOf(records) }, store);
    expect(result).toMatchObject({ path, rows: 400 });
    const text = readFileSync(path, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(text));
    const [header, ...rows] = parse(text, { bom: true, record_delimiter: '\r\n' }) as string[][];
    const column = (name: string) => header!.indexOf(name);
    const expected = ratedFrom(records);
    expect(rows.map((row) => [row[column('comparison_id')], row[column('vote_id')], row[column('verdict')], row[column('comment')]!.replace(/^'/, ''), row[column('category')]!.replace(/^'/, '')])).toEqual(
      expected.map(({ comparison, vote }) => [comparison.id, vote?.id ?? '', vote?.verdict ?? '', vote?.comment ?? '', vote?.category ?? '']),
    );
  });

  it('exports a session another process holds open for writing (this one only reads)', async () => {
    const records = buildSessionRecords(25, { seed: 34 });
    const writer = storeIn('a');
    await writer.import(toJsonl(records));
    await writer.open(idOf(records)); // holds the lock
    const reader = new SessionStore({ folder: join(dir.path, 'a', 'sessions') });
    stores.push(reader);
    const session = await reader.open(idOf(records));
    expect(session.readOnly).not.toBeNull();
    expect(await exportText(reader, { format: 'jsonl', sessionId: idOf(records) })).toBe(toJsonl(records));
    const battles = JSON.parse(await exportText(reader, { format: 'battles', sessionId: idOf(records) })) as unknown[];
    expect(battles).toHaveLength(ratedFrom(records).filter((r) => r.vote !== null).length);
  });

  it('refuses an unknown session with the store’s message, and writes no file', async () => {
    const store = storeIn('a');
    const path = join(dir.path, 'none.csv');
    await expect(exportToFile(path, { format: 'csv', sessionId: '0b5e8a0c-3f1d-4c2a-9e7b-6d5c4b3a2910' }, store)).rejects.toThrow('There is no session 0b5e8a0c');
    expect(readdirSync(dir.path)).toEqual([]);
  });
});
