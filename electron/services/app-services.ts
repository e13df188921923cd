import type { Handlers } from '../shared/contract';
import type { AppInfo } from '../shared/app-info';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { EventBus } from './events/event-bus';
import { NoticeCenter } from './events/notice-center';
import { SettingsStore, type SettingsBackendFactory } from './store/settings-store';
import { appHandlers } from './app/app-handlers';

export interface AppServicesOptions {
  shell: AppInfo['shell'];
  version: string;
  /** The app's own data folder (Electron's userData, or the host's --data): settings.json lives here. */
  userDataDir: string;
  createSettingsBackend: SettingsBackendFactory;
  env?: NodeJS.ProcessEnv;
  /** Where unexpected errors go (the app log); defaults to stderr. */
  reportInternalError?: (channel: string, error: unknown) => void;
}

export interface AppServices {
  handlers: Handlers;
  dispatch: Dispatch;
  bus: EventBus;
  notices: NoticeCenter;
  settings: SettingsStore;
  /** Flushes pending writes and stops everything the services started. */
  dispose(): Promise<void>;
}

/** The composition root of everything the app does, shared by Electron main and the headless host. */
export function createAppServices(options: AppServicesOptions): AppServices {
  const bus = new EventBus();
  const notices = new NoticeCenter(bus);
  const settings = SettingsStore.open({ folder: options.userDataDir, createBackend: options.createSettingsBackend, notices });
  const handlers: Handlers = {
    ...appHandlers({
      shell: options.shell,
      version: options.version,
      userDataDir: options.userDataDir,
      env: options.env ?? process.env,
      settings,
      notices,
    }),
  };
  const reportInternalError =
    options.reportInternalError ?? ((channel, error) => console.error(`[pairwise] ${channel} failed:`, error));
  return {
    handlers,
    dispatch: createDispatcher(handlers, { reportInternalError }),
    bus,
    notices,
    settings,
    dispose: async () => {
      settings.dispose();
    },
  };
}
