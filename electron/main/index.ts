// The Electron composition root: lifecycle, the window, IPC registration. Everything else is in services.
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAppServices, type AppServices } from '../services/app-services';
import { startHeadlessHost } from '../host/headless-host';
import { electronStoreBackend } from './electron-store-backend';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from './window-options';
import { hardenContents, hardenSession, isTrustedSender } from './hardening';
import { forwardEvents, registerIpcHandlers } from './ipc';

const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const ownPageUrl = devServerUrl ?? pathToFileURL(rendererIndex).href;
const isOwnPage = (url: string) => url.split(/[?#]/)[0] === ownPageUrl.split(/[?#]/)[0];

let services: AppServices | undefined;
let quitting = false;

function createWindow(current: AppServices): void {
  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  hardenContents(window.webContents, isOwnPage);
  const stopForwarding = forwardEvents(current.bus, window.webContents);
  window.on('closed', stopForwarding);
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex);
}

async function startDesktop(): Promise<void> {
  const current = (services = createAppServices({
    shell: 'electron',
    version: app.getVersion(),
    userDataDir: app.getPath('userData'),
    createStoreBackend: electronStoreBackend,
  }));
  hardenSession(session.defaultSession, CONTENT_SECURITY_POLICY);
  registerIpcHandlers(ipcMain, current.dispatch, (event) =>
    isTrustedSender(event.senderFrame, BrowserWindow.fromWebContents(event.sender)?.webContents.mainFrame ?? null, isOwnPage),
  );
  createWindow(current);
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow(current));
}

/** `pairwise --headless`: no window, the UI served on loopback for an SSH tunnel. */
async function startHeadless(): Promise<void> {
  const current = (services = createAppServices({
    shell: 'headless',
    version: app.getVersion(),
    userDataDir: app.getPath('userData'),
    createStoreBackend: electronStoreBackend,
  }));
  const host = await startHeadlessHost({ services: current, rendererDir: join(import.meta.dirname, '../renderer'), port: 0 });
  process.stdout.write(`Pairwise is serving on 127.0.0.1 port ${host.port}. Open:\n\n    ${host.url}\n\n`);
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  void app.whenReady().then(process.argv.includes('--headless') ? startHeadless : startDesktop);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' && !process.argv.includes('--headless')) app.quit();
  });
  // A signal from outside (systemd, kill, Ctrl+C in a terminal) quits like the menu does: servers stopped first.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  // Quit waits for the services to stop what they started (servers, pending writes).
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    event.preventDefault();
    quitting = true;
    void services.dispose().finally(() => app.quit());
  });
}
