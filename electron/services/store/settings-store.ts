import { join } from 'node:path';
import { settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import type { NoticeCenter } from '../events/notice-center';
import { loadSettingsFile, type SettingsFileProblem } from './settings-file';
import type { StoreBackend, StoreBackendFactory } from './store-backend';


export interface SettingsStoreOptions {
  folder: string;
  createBackend: StoreBackendFactory;
  notices: NoticeCenter;
  /** Updates within this window are written once (typing in a number field must not write per keystroke). */
  writeDelayMs?: number;
  now?: () => Date;
}

const FILE_NAME = 'settings';

export class SettingsStore {
  private current: Settings;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private backend: StoreBackend | undefined;
  private readonly listeners = new Set<(settings: Settings) => void>();

  private constructor(private readonly options: SettingsStoreOptions, initial: Settings) {
    this.current = initial;
  }

  static open(options: SettingsStoreOptions): SettingsStore {
    const file = join(options.folder, `${FILE_NAME}.json`);
    const loaded = loadSettingsFile(file, (options.now ?? (() => new Date()))());
    const store = new SettingsStore(options, loaded.settings);
    if (loaded.problem) options.notices.raise('warning', describeProblem(loaded.problem));
    store.backend = options.createBackend({ cwd: options.folder, name: FILE_NAME });
    if (loaded.needsRewrite) {
      store.dirty = true;
      store.flush();
    }
    return store;
  }

  get path(): string {
    return join(this.options.folder, `${FILE_NAME}.json`);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Applies a validated patch in memory at once; the file follows within writeDelayMs. */
  update(patch: SettingsPatch): Settings {
    const next = settingsSchema.parse({
      ...this.current,
      ...definedOnly(patch),
      sampling: { ...this.current.sampling, ...definedOnly(patch.sampling ?? {}) },
    });
    this.current = next;
    this.dirty = true;
    this.schedule();
    for (const listener of this.listeners) listener(this.get());
    return this.get();
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes now if anything is pending. A failed write (disk full, read-only) is reported and retried later. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty || !this.backend) return;
    try {
      this.backend.store = this.get();
      this.dirty = false;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.options.notices.raise(
        'error',
        `Could not save settings to ${this.path} (${code}). Your changes are kept while Pairwise runs; free disk space or fix the folder's permissions and they will be saved on the next change.`,
      );
    }
  }

  dispose(): void {
    this.flush();
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.options.writeDelayMs ?? 50);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function describeProblem(problem: SettingsFileProblem): string {
  if (problem.kind === 'unreadable') {
    return `Your settings file could not be read (${problem.detail}), so Pairwise started with default settings. The damaged file was kept as ${problem.keptAs}; copy values from it if you need them.`;
  }
  const list = problem.fields.map((f) => `${f.path} (${f.message})`).join('; ');
  return `Some settings were invalid and were reset to their defaults: ${list}. The rest were kept. The original file was kept as ${problem.keptAs}.`;
}
