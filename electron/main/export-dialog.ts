// export.save's delivery in the desktop window: a save dialog with the export's default name, then the export
// streamed into a temporary file beside the chosen one and renamed into place (writeFileAtomically). Thin on
// purpose: no test here can start Electron, so everything testable lives in services/export.
import { join } from 'node:path';
import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';
import type { ExportFormat } from '../shared/sessions';
import type { ExportDeliver } from '../services/export/export-handlers';
import { EXPORT_EXTENSIONS, writeFileAtomically } from '../services/export/export-run';

const FILTER_NAMES: Record<ExportFormat, string> = { csv: 'CSV (spreadsheets)', jsonl: 'Pairwise session (JSON lines)', battles: 'Chatbot Arena battles (JSON)', stats: 'Statistics summary (CSV)' };

function filterOf(format: ExportFormat): FileFilter {
  return { name: FILTER_NAMES[format], extensions: [EXPORT_EXTENSIONS[format]] };
}

/** The delivery for createAppServices in the desktop shell; `window` is the one the dialog belongs to. */
export function exportDialogDelivery(window: () => BrowserWindow | null): ExportDeliver {
  return async (job) => {
    const options = { title: 'Export', defaultPath: join(app.getPath('downloads'), job.filename), filters: [filterOf(job.format)], properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[] };
    const owner = window();
    const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { kind: 'cancelled' };
    const { bytes } = await writeFileAtomically(choice.filePath, (stream) => job.write(stream));
    return { kind: 'saved', path: choice.filePath, bytes };
  };
}
