import type { Handlers } from '../../shared/contract';
import type { AppInfo } from '../../shared/app-info';
import type { NoticeCenter } from '../events/notice-center';
import type { SettingsStore } from '../store/settings-store';
import { ensureWritableFolder } from '../store/writable-folder';
import { findExecutable } from '../system/find-executable';

export interface AppHandlerDeps {
  shell: AppInfo['shell'];
  version: string;
  userDataDir: string;
  env: NodeJS.ProcessEnv;
  settings: SettingsStore;
  notices: NoticeCenter;
}

export function effectiveDataFolder(deps: Pick<AppHandlerDeps, 'settings' | 'userDataDir'>): string {
  return deps.settings.get().dataFolder ?? deps.userDataDir;
}

export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app.info' | 'app.notices' | 'settings.get' | 'settings.update'> {
  return {
    'app.info': async () => {
      const [vllm, nvidiaSmi] = await Promise.all([findExecutable('vllm', deps.env.PATH), findExecutable('nvidia-smi', deps.env.PATH)]);
      return {
        version: deps.version,
        platform: process.platform,
        arch: process.arch,
        shell: deps.shell,
        dataFolder: effectiveDataFolder(deps),
        settingsFile: deps.settings.path,
        tools: { vllm, nvidiaSmi },
      };
    },
    'app.notices': async () => deps.notices.list(),
    'settings.get': async () => deps.settings.get(),
    'settings.update': async (patch) => {
      if (typeof patch.dataFolder === 'string') await ensureWritableFolder(patch.dataFolder, 'dataFolder');
      return deps.settings.update(patch);
    },
  };
}
