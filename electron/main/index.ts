// The Electron composition root: lifecycle, the window, IPC registration. Starting, signals and the shutdown
// order are the start-up module's (electron/host/startup.ts), shared with the headless host.
import { app, BrowserWindow, ipcMain, session, type IpcMainEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppServices } from '../services/app-services';
import { parseStartArgs } from '../host/start-args';
import { startPairwise, type RunningPairwise } from '../host/startup';
import { electronStoreBackend } from './electron-store-backend';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from './window-options';
import { hardenContents, hardenSession, isTrustedSender } from './hardening';
import { forwardEvents, registerIpcHandlers, WindowInterest } from './ipc';
import { SUBSCRIBE_IPC } from '../shared/channels';
import { exportDialogDelivery } from './export-dialog';
import { reportFolderDialog } from './report-dialog';

const rendererDir = join(import.meta.dirname, '../renderer');
const rendererIndex = join(rendererDir, 'index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const ownPageUrl = devServerUrl ?? pathToFileURL(rendererIndex).href;
const isOwnPage = (url: string) => url.split(/[?#]/)[0] === ownPageUrl.split(/[?#]/)[0];
/** `pairwise --headless`: no window, the UI served on loopback for an SSH tunnel. */
const headless = process.argv.includes('--headless');

let running: RunningPairwise | undefined;

function createWindow(services: AppServices): void {
  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  hardenContents(window.webContents, isOwnPage);
  const interest = new WindowInterest();
  const onSubscribe = (event: IpcMainEvent, events: unknown) => {
    if (event.sender === window.webContents && isTrustedSender(event.senderFrame, window.webContents.mainFrame, isOwnPage)) interest.update(events);
  };
  ipcMain.on(SUBSCRIBE_IPC, onSubscribe);
  const stopForwarding = forwardEvents(services.bus, window.webContents, interest);
  window.on('closed', () => {
    stopForwarding();
    ipcMain.removeListener(SUBSCRIBE_IPC, onSubscribe);
  });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex);
}

async function start(): Promise<void> {
  // Electron's command line also carries the app path and Chromium's switches: only our own flags are read.
  const args = parseStartArgs(process.argv.slice(1), { strict: false });
  if ('error' in args) {
    process.stderr.write(`pairwise: ${args.error}\n`);
    return app.exit(2);
  }
  running = await startPairwise({
    shell: headless ? 'headless' : 'electron',
    version: app.getVersion(),
    userDataDir: args.data ?? app.getPath('userData'),
    createStoreBackend: electronStoreBackend,
    host: headless ? { port: args.port, rendererDir } : undefined,
    deliverExport: exportDialogDelivery(() => BrowserWindow.getAllWindows()[0] ?? null),
    chooseReportFolder: reportFolderDialog(() => BrowserWindow.getAllWindows()[0] ?? null),
    exit: (code) => app.exit(code),
  });
  if (headless) return;
  const { services } = running;
  hardenSession(session.defaultSession, CONTENT_SECURITY_POLICY);
  registerIpcHandlers(ipcMain, services.dispatch, (event) =>
    isTrustedSender(event.senderFrame, BrowserWindow.fromWebContents(event.sender)?.webContents.mainFrame ?? null, isOwnPage),
  );
  createWindow(services);
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow(services));
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  void app.whenReady().then(start).catch((error: unknown) => {
    process.stderr.write(`pairwise: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    app.exit(1);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' && !headless) app.quit();
  });
  // Quitting (menu, last window, Cmd+Q) goes through the same shutdown as a signal: servers stopped first.
  app.on('before-quit', (event) => {
    if (!running) return;
    event.preventDefault();
    void running.shutdown('Quit');
  });
}
