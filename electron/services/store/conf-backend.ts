import Conf from 'conf';
import type { StoreBackendFactory } from './store-backend';

/**
 * The settings backend outside Electron (headless host, tests): `conf` is the engine electron-store wraps,
 * so the file format, atomic writes and behaviour are the same as in the desktop app.
 */
export const confBackend: StoreBackendFactory = ({ cwd, name }) =>
  new Conf<Record<string, unknown>>({ cwd, configName: name, clearInvalidConfig: false, accessPropertiesByDotNotation: false });
