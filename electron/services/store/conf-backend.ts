import Conf from 'conf';
import type { SettingsBackendFactory } from './settings-store';

/**
 * The settings backend outside Electron (headless host, tests): `conf` is the engine electron-store wraps,
 * so the file format, atomic writes and behaviour are the same as in the desktop app.
 */
export const confBackend: SettingsBackendFactory = ({ cwd, name }) =>
  new Conf<Record<string, unknown>>({ cwd, configName: name, clearInvalidConfig: false, accessPropertiesByDotNotation: false });
