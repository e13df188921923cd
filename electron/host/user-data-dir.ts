import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder Electron's `app.getPath('userData')` gives the desktop app, computed without Electron, so the
 * headless host and the desktop app share settings and sessions on one machine.
 */
export function defaultUserDataDir(productName: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), productName);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), productName);
}
