import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExportSink } from '../../electron/services/export/export-sink';
import { splitSessionFile, writeJsonl } from '../../electron/services/export/jsonl-export';
import { buildSessionRecords, exportSourceOf, toJsonl } from '../support/session-builders';

async function jsonlOf(recordSets: ReturnType<typeof buildSessionRecords>[]): Promise<{ text: string; rows: number }> {
  const chunks: Buffer[] = [];
  const sink = new ExportSink(new Writable({ write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done()) }));
  await writeJsonl(sink, recordSets.map(exportSourceOf));
  return { text: Buffer.concat(chunks).toString('utf8'), rows: sink.rows };
}

describe('the JSONL export', () => {
  it('writes every record in file order, one JSON per line, as the session file holds them', async () => {
    const records = buildSessionRecords(450, { seed: 6 });
    const { text, rows } = await jsonlOf([records]);
    expect(text).toBe(toJsonl(records));
    expect(rows).toBe(records.length);
  });

  it('writes all sessions one after another, and splits such a file back at each header', async () => {
    const sessions = [buildSessionRecords(5, { seed: 1 }), buildSessionRecords(0, { seed: 2 }), buildSessionRecords(7, { seed: 3 })];
    const { text } = await jsonlOf(sessions);
    expect(splitSessionFile(text)).toEqual(sessions.map(toJsonl));
  });

  it('splits only at real headers: a prompt quoting one, or a line that is not JSON, does not split', () => {
    const [one] = [buildSessionRecords(2, { seed: 4 })];
    const quoted = `${JSON.stringify({ type: 'comparison', userMessage: '{"type":"session","v":1}' })}\n`;
    const broken = '{"type":"session", torn\n';
    const text = toJsonl(one!) + quoted + broken;
    expect(splitSessionFile(text)).toEqual([text]);
    expect(splitSessionFile('')).toEqual([]);
  });
});
