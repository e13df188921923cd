// The statistics channels (issue 10): a session's statistics for Stats, and the study's report written from them.
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import type { ReportWritten } from '../../shared/report';
import { slug } from '../export/export-run';
import { writeReport } from '../report/write-report';
import type { ReportContext } from '../report/report-markdown';
import type { OpenSession, SessionStoreApi } from '../sessions/session-types';
import { statsOfSession } from './session-stats';

/**
 * Where a report goes: a folder the person picks (Electron's dialog), null when they cancel. The headless host
 * has no dialog: its reports go to the data folder's reports/ (reportFolderIn).
 */
export type ChooseReportFolder = (suggestedName: string) => Promise<string | null>;

export interface StatsHandlerDeps {
  store: Pick<SessionStoreApi, 'openForReading'>;
  chooseFolder: ChooseReportFolder;
  /**
   * Resolves when no comparison is streaming: the statistics of a large session take a third of a second of this
   * process, which must not land inside a comparison's timings (ComparisonService.quiet).
   */
  quiet: () => Promise<void>;
  now?: () => Date;
}

export function statsHandlers({ store, chooseFolder, quiet, now = () => new Date() }: StatsHandlerDeps): Pick<Handlers, 'stats.session' | 'report.write'> {
  return {
    'stats.session': async ({ sessionId }) => {
      const session = await store.openForReading(sessionId);
      await quiet();
      return statsOfSession(session);
    },
    'report.write': async ({ sessionId }): Promise<ReportWritten> => {
      const session = await store.openForReading(sessionId);
      const folder = await chooseFolder(reportFolderName(session.name, now()));
      if (folder === null) return { kind: 'cancelled' };
      await quiet();
      const written = await writeReport(statsOfSession(session), folder, reportContextOf(session));
      return { kind: 'written', folder: written.folder, files: written.files };
    },
  };
}

/** What the report says beside the numbers: the session's name, and the model a variant session varies. */
export function reportContextOf(session: Pick<OpenSession, 'name' | 'header'>): ReportContext {
  const variants = session.header.models.some((model) => model.variant);
  return { sessionName: session.name, variantOf: variants ? session.header.models[0]!.name : null };
}

/** pairwise-report-<session>-<YYYY-MM-DD-HHMMSS>: one folder per report, in local time. */
export function reportFolderName(sessionName: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `pairwise-report-${slug(sessionName)}-${stamp}`;
}

/** The headless host's choice: `<data folder>/reports/<name>`. */
export function reportFolderIn(dataFolder: () => string): ChooseReportFolder {
  return async (name) => join(dataFolder(), 'reports', name);
}
