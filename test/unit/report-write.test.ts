import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableCsv } from '../../electron/services/report/report-csv';
import { reportTable } from '../../electron/services/report/report-table';
import { writeReport } from '../../electron/services/report/write-report';
import { REPORT_FILES } from '../../electron/shared/report';
import { makeTempDir } from '../support/temp-dir';
import { studyStats, threeModelStats } from './report-stats-builder';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's pixel size, from its IHDR chunk (the first, right after the signature). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('writeReport', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('makes the folder and writes report.md, table.csv and real PNG charts, each linked from report.md', async () => {
    const stats = studyStats();
    const folder = join(dir.path, 'reports', 'study');
    const result = await writeReport(stats, folder, { sessionName: 'The study' });
    expect(result.folder).toBe(folder);
    expect(result.files[0]).toBe(REPORT_FILES.markdown);
    expect(result.files).toEqual(expect.arrayContaining([REPORT_FILES.table, REPORT_FILES.winRates, REPORT_FILES.latency, REPORT_FILES.scores, REPORT_FILES.categories, REPORT_FILES.position]));
    expect(result.files).not.toContain(REPORT_FILES.bradleyTerry); // two models
    expect((await readdir(folder)).sort()).toEqual([...result.files].sort()); // no temp file left behind
    const md = readFileSync(join(folder, REPORT_FILES.markdown), 'utf8');
    expect(md.startsWith('# The study\n')).toBe(true);
    expect(readFileSync(join(folder, REPORT_FILES.table), 'utf8')).toBe(tableCsv(reportTable(stats)));
    for (const file of result.files.filter((f) => f.endsWith('.png'))) {
      const png = readFileSync(join(folder, file));
      expect(png.length, file).toBeGreaterThan(10_000);
      expect(pngSize(png).width, file).toBe(1600); // 800 CSS pixels at a pixel ratio of 2
      expect(md).toContain(`](${file})`);
    }
  });

  it('replaces an earlier report in the same folder, and removes its charts this one has not', async () => {
    const folder = join(dir.path, 'report');
    const first = await writeReport(threeModelStats(), folder);
    expect(first.files).toEqual(expect.arrayContaining([REPORT_FILES.bradleyTerry, 'win-rates-1-vs-3.png', 'win-rates-2-vs-3.png']));
    const second = await writeReport(studyStats(), folder);
    expect((await readdir(folder)).sort()).toEqual([...second.files].sort());
    expect(existsSync(join(folder, REPORT_FILES.bradleyTerry))).toBe(false);
  });

  it('writes into an empty folder that exists', async () => {
    const folder = join(dir.path, 'empty');
    await mkdir(folder);
    expect((await writeReport(studyStats(), folder)).files).toContain(REPORT_FILES.markdown);
  });

  it('refuses a folder holding other files, and a file, and says what to do', async () => {
    const folder = join(dir.path, 'documents');
    await mkdir(folder);
    await writeFile(join(folder, 'thesis.docx'), 'mine');
    await expect(writeReport(studyStats(), folder)).rejects.toMatchObject({
      code: 'conflict',
      message: `${folder} already holds other files (thesis.docx) and no earlier report: the report was not written. Name a new or empty folder, or the folder of an earlier report to replace it.`,
    });
    expect(await readdir(folder)).toEqual(['thesis.docx']);
    const file = join(dir.path, 'a-file');
    await writeFile(file, 'x');
    await expect(writeReport(studyStats(), file)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('is a file, not a folder') });
  });
});
