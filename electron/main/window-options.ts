import type { BrowserWindowConstructorOptions } from 'electron';
import { contentSecurityPolicy } from '../shared/content-security-policy';

/** Every security switch of the window in one place, so a test can read them. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1320,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Pairwise',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}

/** The window talks to main over the preload bridge only: no socket to allow beyond its own origin. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();
