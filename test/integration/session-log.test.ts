import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionLog, SessionLogError } from '../../electron/services/sessions/session-log';
import { makeTempDir } from '../support/temp-dir';

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

  it('appends one line per record, in order, and reads them back', async () => {
    const { log, records } = await SessionLog.open(file);
    expect(records).toEqual([]);
    await Promise.all([1, 2, 3].map((seq) => log.append({ type: 'vote', seq })));
    await log.close();
    expect(await readFile(file, 'utf8')).toBe('{"type":"vote","seq":1}\n{"type":"vote","seq":2}\n{"type":"vote","seq":3}\n');
    const again = await SessionLog.open(file);
    expect(again.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    await again.log.close();
  });

  it('drops a torn last line with a notice, and cuts it off so the next record starts on its own line', async () => {
    await writeFile(file, '{"type":"vote","seq":1}\n{"type":"vote","se');
    const { log, records, notices } = await SessionLog.open(file);
    expect(records.map((r) => r.seq)).toEqual([1]);
    expect(notices).toEqual([expect.stringMatching(/last line of .* was cut short \(18 bytes.*was dropped\. Every earlier record is intact\./)]);
    await log.append({ type: 'vote', seq: 2 });
    await log.close();
    expect(await readFile(file, 'utf8')).toBe('{"type":"vote","seq":1}\n{"type":"vote","seq":2}\n');
  });

  it('skips a damaged line in the middle and says which', async () => {
    await writeFile(file, '{"type":"vote","seq":1}\nnot json\n["no type"]\n{"type":"vote","seq":4}\n');
    const { log, records, notices } = await SessionLog.open(file);
    await log.close();
    expect(records.map((r) => r.seq)).toEqual([1, 4]);
    expect(notices).toEqual([expect.stringMatching(/^2 damaged lines in .* \(line 2, 3\) were skipped; the rest of the session loaded\.$/)]);
  });

  it('gives a second opener the log read-only, with the reason, and refuses its appends', async () => {
    const first = await SessionLog.open(file);
    await first.log.append({ type: 'vote', seq: 1 });
    const second = await SessionLog.open(file);
    expect(second.records.map((r) => r.seq)).toEqual([1]);
    expect(second.log.readOnlyReason).toMatch(/Another Pairwise process has this session open for writing/);
    await expect(second.log.append({ type: 'vote', seq: 2 })).rejects.toMatchObject({ code: 'read-only' });
    await expect(second.log.append({ type: 'vote', seq: 2 })).rejects.toBeInstanceOf(SessionLogError);
    await first.log.close();
    // Once the writer closed, the lock is free again.
    const third = await SessionLog.open(file);
    expect(third.log.readOnlyReason).toBeNull();
    await third.log.close();
  });
});
