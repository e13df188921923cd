import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServerLog } from '../../electron/services/engines/server-log';
import { makeTempDir } from '../support/temp-dir';

describe('the server log', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('keeps the last N lines with increasing sequence numbers', () => {
    const log = new ServerLog({ capacity: 5 });
    for (let i = 1; i <= 12; i++) log.append(i % 2 ? 'stdout' : 'stderr', `line ${i}`);
    expect(log.tail().map((l) => l.text)).toEqual(['line 8', 'line 9', 'line 10', 'line 11', 'line 12']);
    expect(log.tail(10).map((l) => l.seq)).toEqual([11, 12]);
    expect(log.tail(0, 2).map((l) => l.seq)).toEqual([11, 12]);
    expect(log.recentText(3)).toEqual(['line 10', 'line 11', 'line 12']);
  });

  it('searches case-insensitively', () => {
    const log = new ServerLog();
    log.append('stdout', 'INFO Loading weights took 1.2 seconds');
    log.append('stderr', 'torch.OutOfMemoryError: CUDA out of memory');
    expect(log.search('cuda OUT').map((l) => l.stream)).toEqual(['stderr']);
  });

  it('writes every line to a file and rotates it, keeping a bounded number of old files', async () => {
    const path = join(dir.path, 'logs', 'server.log');
    const log = new ServerLog({ maxFileBytes: 2000, keepFiles: 2 });
    log.openFile(path);
    for (let i = 0; i < 200; i++) log.append('stdout', `line ${i} ${'x'.repeat(40)}`);
    await log.closeFile();
    expect(existsSync(`${path}.1`)).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
    expect(readFileSync(path, 'utf8').trim().split('\n').at(-1)).toMatch(/^\d{4}-\d\d-\d\dT.* O line 199 x+$/);
  });

  it('reports a log file it cannot write once, and keeps lines in memory', () => {
    const errors: string[] = [];
    const log = new ServerLog({ onFileError: (error) => errors.push(error.code ?? '') });
    const blocker = join(dir.path, 'not-a-folder');
    writeFileSync(blocker, 'a file where the log folder should be');
    log.openFile(join(blocker, 'logs', 'server.log'));
    log.append('stdout', 'still kept');
    log.append('stdout', 'and this');
    expect(errors).toEqual(['ENOTDIR']);
    expect(log.tail().map((l) => l.text)).toEqual(['still kept', 'and this']);
  });
});
