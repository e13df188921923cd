import ElectronStore from 'electron-store';
import type { StoreBackendFactory } from '../services/store/store-backend';

export const electronStoreBackend: StoreBackendFactory = ({ cwd, name }) =>
  new ElectronStore<Record<string, unknown>>({ cwd, name, clearInvalidConfig: false, accessPropertiesByDotNotation: false });
