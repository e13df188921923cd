import ElectronStore from 'electron-store';
import type { SettingsBackendFactory } from '../services/store/settings-store';

export const electronStoreBackend: SettingsBackendFactory = ({ cwd, name }) =>
  new ElectronStore<Record<string, unknown>>({ cwd, name, clearInvalidConfig: false, accessPropertiesByDotNotation: false });
