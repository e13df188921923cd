// The export.save channel. What the file is (format, sessions, name) is decided here; how it reaches the person is
// the shell's `deliver`: a save dialog in Electron (electron/main/export-dialog.ts), a one-time download link from
// the headless host (electron/host/downloads.ts). Either way the export streams, never one JSON reply.
import type { Writable } from 'node:stream';
import type { Handlers } from '../../shared/contract';
import type { ExportDelivery, ExportFormat } from '../../shared/sessions';
import { exportFilename, exportSources, writeExport, type ExportResult, type ExportStore } from './export-run';

export interface ExportJob {
  /** What to call the file (the dialog's default name, the download's Content-Disposition). */
  filename: string;
  format: ExportFormat;
  /** Writes the whole export into `stream`, with backpressure, and leaves it open. May run once. */
  write(stream: Writable): Promise<ExportResult>;
}

export type ExportDeliver = (job: ExportJob) => Promise<ExportDelivery>;

export interface ExportHandlerDeps {
  store: ExportStore;
  deliver: ExportDeliver;
  now?: () => Date;
}

export function exportHandlers(deps: ExportHandlerDeps): Pick<Handlers, 'export.save'> {
  return {
    'export.save': async (request) => {
      // Opened now, so an unknown session fails this request rather than the download that follows it.
      const sources = await exportSources(request, deps.store);
      const name = request.sessionId === null ? null : sources[0]!.name;
      return deps.deliver({
        filename: exportFilename(request.format, name, (deps.now ?? (() => new Date()))()),
        format: request.format,
        write: (stream) => writeExport(stream, request.format, sources),
      });
    },
  };
}
