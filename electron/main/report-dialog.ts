// report.write's folder in the desktop window: the person picks where (a folder dialog, starting in Documents),
// and the report gets a folder of its own inside it. Thin on purpose: the report is written by services/report.
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { ChooseReportFolder } from '../services/stats/stats-handlers';

export function reportFolderDialog(window: () => BrowserWindow | null): ChooseReportFolder {
  return async (suggestedName) => {
    const options = { title: 'Write the report into…', defaultPath: app.getPath('documents'), buttonLabel: 'Write report here', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const owner = window();
    const choice = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    const parent = choice.filePaths[0];
    return choice.canceled || !parent ? null : join(parent, suggestedName);
  };
}
