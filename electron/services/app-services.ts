import { join } from 'node:path';
import type { Handlers } from '../shared/contract';
import { ServiceError } from '../shared/errors';
import type { AppInfo } from '../shared/app-info';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { EventBus } from './events/event-bus';
import { NoticeCenter } from './events/notice-center';
import { SettingsStore } from './store/settings-store';
import type { StoreBackendFactory } from './store/store-backend';
import { appHandlers, effectiveDataFolder } from './app/app-handlers';
import { ProfileStore } from './profiles/profile-store';
import { profileHandlers } from './profiles/profile-handlers';
import { DEFAULT_TIMINGS, EngineManager } from './engines/engine-manager';
import { ServerWatchdog } from './engines/process/watchdog';
import { engineHandlers } from './engines/engine-handlers';
import type { EngineTimings } from './engines/vllm-engine';
import { systemHandlers } from './system/system-handlers';
import { ComparisonService } from './compare/comparison-service';
import { compareHandlers } from './compare/compare-handlers';
import { WarmupTracker } from './compare/warmup';
import { SessionStore } from './sessions/session-store';
import { sessionsFolderIn } from './sessions/sessions-folder';
import { SessionService } from './sessions/session-service';
import { VoteDesk } from './sessions/session-votes';
import { sessionHandlers } from './sessions/session-handlers';
import { exportHandlers, type ExportDeliver } from './export/export-handlers';
import { RunDesk } from './sessions/session-run-desk';
import { PromptSetStore } from './prompt-sets/prompt-set-store';
import { promptSetHandlers } from './prompt-sets/prompt-set-handlers';
import { reportFolderIn, statsHandlers, type ChooseReportFolder } from './stats/stats-handlers';

export interface AppServicesOptions {
  shell: AppInfo['shell'];
  version: string;
  /** The app's own data folder (Electron's userData, or the host's --data): settings.json lives here. */
  userDataDir: string;
  createStoreBackend: StoreBackendFactory;
  env?: NodeJS.ProcessEnv;
  /** Readiness deadline, stop grace, restart backoff; tests shorten them. */
  timings?: Partial<EngineTimings>;
  /** How long a comparison waits on a silent server before failing that side (default 120 s); tests shorten it. */
  compareIdleTimeoutMs?: number;
  /** How an export reaches the person: a save dialog (Electron) or a download link (the headless host). */
  deliverExport?: ExportDeliver;
  /** Where a report is written: a folder dialog (Electron); default: the data folder's reports/ (the headless host). */
  chooseReportFolder?: ChooseReportFolder;
  /** Where unexpected errors go (the app log); defaults to stderr. */
  reportInternalError?: (channel: string, error: unknown) => void;
}

export interface AppServices {
  handlers: Handlers;
  dispatch: Dispatch;
  bus: EventBus;
  notices: NoticeCenter;
  settings: SettingsStore;
  profiles: ProfileStore;
  engines: EngineManager;
  comparisons: ComparisonService;
  sessions: SessionService;
  sessionStore: SessionStore;
  /** Stops every server the app launched (waiting for their process groups to empty) and flushes writes. */
  dispose(): Promise<void>;
}

/** A shell that gave no way to deliver a file (tests that never export). */
const refuseExport: ExportDeliver = async () => {
  throw new ServiceError('conflict', 'This shell cannot save files: export with `npm run pairwise -- export`.');
};

/** The composition root of everything the app does, shared by Electron main and the headless host. */
export function createAppServices(options: AppServicesOptions): AppServices {
  const env = options.env ?? process.env;
  const bus = new EventBus();
  const notices = new NoticeCenter(bus);
  const settings = SettingsStore.open({ folder: options.userDataDir, createBackend: options.createStoreBackend, notices });
  const profiles = ProfileStore.open({ folder: options.userDataDir, createBackend: options.createStoreBackend, notices });
  profiles.onChange((list) => bus.emit('profiles.changed', list));
  const watchdog = new ServerWatchdog({ logFile: join(options.userDataDir, 'run', 'watchdog.log'), onProblem: (message) => notices.raise('warning', message) });
  const engines = new EngineManager({
    profiles,
    bus,
    notices,
    userDataDir: options.userDataDir,
    dataFolder: () => effectiveDataFolder({ settings, userDataDir: options.userDataDir }),
    env,
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    watchdog,
  });
  // Looked for at once; quitting waits for it, so nothing writes to the data folder after dispose().
  const orphansAnnounced = engines.announceOrphans().catch((error: unknown) => {
    notices.raise('warning', `Pairwise could not check for servers left running by an earlier session (${error instanceof Error ? error.message : String(error)}); look for stray vLLM processes with nvidia-smi.`);
  });
  const warmups = new WarmupTracker({ bus, connection: (id) => engines.connection(id), note: (id, text) => engines.note(id, text) });
  const comparisons = new ComparisonService({ connection: (id) => engines.connection(id), profiles, bus, warmups, idleTimeoutMs: options.compareIdleTimeoutMs });
  // Sessions live in the data folder chosen when the app started (a new folder in Settings applies at restart).
  const dataFolder = effectiveDataFolder({ settings, userDataDir: options.userDataDir });
  const sessionStore = new SessionStore({ folder: sessionsFolderIn(dataFolder) });
  const promptSets = new PromptSetStore({ dataFolder: () => dataFolder, onProblem: (message) => notices.raise('warning', message) });
  const sessions = new SessionService({ store: sessionStore, comparisons, profiles, connection: (id) => engines.connection(id), bus, notices });
  const votes = new VoteDesk({ sessions, comparisons, bus });
  const runs = new RunDesk({ sessions, promptSet: (id) => promptSets.get(id) });
  // Compare, blind, does not listen to the Models view's events: a server becoming ready or not reaches it as
  // a change of its session (which says whether both are ready, without names).
  const readyProfiles = new Set<string>();
  bus.on('engines.status', ({ profileId, state }) => {
    if ((state === 'ready') === readyProfiles.has(profileId)) return;
    if (state === 'ready') readyProfiles.add(profileId);
    else readyProfiles.delete(profileId);
    void sessionStore.current().then((id) => id && sessions.changed(id), () => {});
  });

  const handlers: Handlers = {
    ...appHandlers({ shell: options.shell, version: options.version, userDataDir: options.userDataDir, env, settings, notices }),
    ...profileHandlers(profiles, engines),
    ...engineHandlers(engines),
    ...systemHandlers(env),
    ...compareHandlers(comparisons),
    ...sessionHandlers({ store: sessionStore, sessions, votes, runs, comparisons }),
    ...promptSetHandlers({ store: promptSets }),
    ...statsHandlers({ store: sessionStore, chooseFolder: options.chooseReportFolder ?? reportFolderIn(() => dataFolder), quiet: () => comparisons.quiet() }),
    ...exportHandlers({ store: sessionStore, deliver: options.deliverExport ?? refuseExport }),
  };
  const reportInternalError =
    options.reportInternalError ?? ((channel, error) => console.error(`[pairwise] ${channel} failed:`, error));
  return {
    handlers,
    dispatch: createDispatcher(handlers, { reportInternalError }),
    bus,
    notices,
    settings,
    profiles,
    engines,
    comparisons,
    sessions,
    sessionStore,
    dispose: async () => {
      engines.refuseLaunches();
      try {
        await orphansAnnounced;
        await comparisons.dispose();
        warmups.dispose();
        await engines.dispose();
      } finally {
        // Whatever failed above, pending settings are written, and the watchdog is told to stop what is left.
        watchdog.close();
        settings.dispose();
        await sessions.recorder.flushAll();
        await sessionStore.close();
      }
    },
  };
}
