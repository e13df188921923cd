import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFilename, writeFileAtomically } from '../../electron/services/export/export-run';
import { makeTempDir } from '../support/temp-dir';

describe('export file names', () => {
  const day = new Date(2026, 2, 2, 23, 59);
  it('are pairwise-<session name>-<local date>.<ext>, readable in any script', () => {
    expect(exportFilename('csv', 'Qwen3-4B vs Qwen2-7B: 知识问答', day)).toBe('pairwise-qwen3-4b-vs-qwen2-7b-知识问答-2026-03-02.csv');
    expect(exportFilename('jsonl', null, day)).toBe('pairwise-all-2026-03-02.jsonl');
    expect(exportFilename('battles', 'A/B ../../etc', day)).toBe('pairwise-a-b-etc-2026-03-02.json');
    expect(exportFilename('csv', '🙂🙂', day)).toBe('pairwise-session-2026-03-02.csv');
    expect(exportFilename('csv', 'x'.repeat(200), day)).toBe(`pairwise-${'x'.repeat(60)}-2026-03-02.csv`);
  });
});

describe('writing an export file', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('puts the complete file under its name, and no temporary file beside it', async () => {
    const path = join(dir.path, 'out.csv');
    const result = await writeFileAtomically(path, async (stream) => {
      stream.write('a,b\r\n');
      stream.write('1,2\r\n');
      return { rows: 1 };
    });
    expect(result).toEqual({ rows: 1, bytes: 10 });
    expect(readFileSync(path, 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect(readdirSync(dir.path)).toEqual(['out.csv']);
  });

  it('leaves nothing under the name when the export fails half way, and an earlier file there untouched', async () => {
    const path = join(dir.path, 'out.csv');
    writeFileSync(path, 'the earlier export');
    const failing = writeFileAtomically(path, async (stream) => {
      stream.write('half a row,');
      throw new Error('the session could not be read');
    });
    await expect(failing).rejects.toThrow('the session could not be read');
    expect(readFileSync(path, 'utf8')).toBe('the earlier export');
    expect(readdirSync(dir.path)).toEqual(['out.csv']);
  });

  it('says which folder is missing', async () => {
    const path = join(dir.path, 'nope', 'out.csv');
    await expect(writeFileAtomically(path, async () => ({}))).rejects.toThrow(`The folder ${join(dir.path, 'nope')} does not exist: the export was not saved. Pick another folder.`);
    expect(existsSync(path)).toBe(false);
  });
});
