// Writing the study's report (issue 10) into a folder: report.md, table.csv and the chart PNGs (REPORT_FILES).
// Each file is written durably (temp file, fsync, rename: durable-file.ts), report.md last, so a folder holding
// report.md holds a whole report. A folder that holds anything else is refused: a report never mixes its files
// with someone's documents. A previous report's folder is written over, and its charts this one has not are removed.
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ServiceError } from '../../shared/errors';
import { REPORT_FILES } from '../../shared/report';
import type { SessionStats } from '../../shared/stats';
import { writeFileDurably } from '../sessions/durable-file';
import { tableCsv } from './report-csv';
import { isReportChartFile, renderReportCharts } from './report-charts';
import { reportMarkdown, type ReportContext } from './report-markdown';
import { reportTable } from './report-table';

export interface WrittenReport {
  /** The folder, absolute. */
  folder: string;
  /** The names of the files written in it, report.md first. */
  files: string[];
}

/** Writes the report of `stats` into `folder` (made if missing). */
export async function writeReport(stats: SessionStats, folder: string, context: ReportContext = {}): Promise<WrittenReport> {
  const target = resolve(folder);
  await prepareFolder(target);
  const charts = await renderReportCharts(stats);
  const written: string[] = [];
  const write = async (file: string, data: string | Buffer) => {
    await writeFileDurably(join(target, file), data, { replace: true }).catch((error: unknown) => {
      throw writeError(error, target);
    });
    written.push(file);
  };
  for (const chart of charts) await write(chart.file, chart.png);
  await write(REPORT_FILES.table, tableCsv(reportTable(stats)));
  await write(REPORT_FILES.markdown, reportMarkdown(stats, context, charts));
  // An earlier report's chart that this one does not have (Bradley-Terry with fewer models now) would mislead.
  const ours = new Set<string>(Object.values(REPORT_FILES));
  const stale = (await readdir(target)).filter((file) => (ours.has(file) || isReportChartFile(file)) && !written.includes(file));
  await Promise.all(stale.map((file) => rm(join(target, file), { force: true })));
  return { folder: target, files: [REPORT_FILES.markdown, ...written.filter((file) => file !== REPORT_FILES.markdown)] };
}

/** Makes the folder, or checks that it is empty or an earlier report's (it holds report.md). */
async function prepareFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw writeError(error, folder);
  });
  if (info === null) {
    await mkdir(folder, { recursive: true }).catch((error: unknown) => {
      throw writeError(error, folder);
    });
    return;
  }
  if (!info.isDirectory()) throw new ServiceError('conflict', `${folder} is a file, not a folder: the report was not written. Name a folder for it (a new one is made).`);
  const entries = await readdir(folder).catch((error: unknown) => {
    throw writeError(error, folder);
  });
  if (entries.length === 0 || entries.includes(REPORT_FILES.markdown)) return;
  throw new ServiceError(
    'conflict',
    `${folder} already holds other files (${entries.length === 1 ? entries[0] : `${entries.length} of them`}) and no earlier report: the report was not written. Name a new or empty folder, or the folder of an earlier report to replace it.`,
  );
}

function writeError(error: unknown, folder: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ServiceError('io-error', `The disk holding ${folder} is full: the report was not written whole. Free some space, then write it again.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new ServiceError('io-error', `Pairwise may not write in ${folder} (${code}): the report was not written. Name another folder.`);
  if (code === 'ENOTDIR') return new ServiceError('conflict', `Part of ${folder} is a file, not a folder: the report was not written. Name another folder.`);
  return error;
}
