import type { ExportDeliver } from '../../electron/services/export/export-handlers';
import { createAppServices, type AppServices } from '../../electron/services/app-services';
import { confBackend } from '../../electron/services/store/conf-backend';

/** The real services over a temp folder, with conf (electron-store's engine) as the settings backend. */
export function createTestServices(userDataDir: string, env: NodeJS.ProcessEnv = process.env, deliverExport?: ExportDeliver): AppServices {
  return createAppServices({ shell: 'headless', version: '9.9.9-test', userDataDir, createStoreBackend: confBackend, env, deliverExport });
}
