export interface ToolPresence {
  found: boolean;
  /** Absolute path of the executable found on PATH, when found. */
  path: string | null;
}

export interface AppInfo {
  version: string;
  platform: string;
  arch: string;
  /** 'electron' for the desktop app, 'headless' for `npm run serve`. */
  shell: 'electron' | 'headless';
  /** The effective data folder: the setting when set, else the default. */
  dataFolder: string;
  /** Where settings.json lives (not movable: it says where everything else is). */
  settingsFile: string;
  tools: { vllm: ToolPresence; nvidiaSmi: ToolPresence };
}
