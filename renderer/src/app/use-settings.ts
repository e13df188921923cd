import { useCallback, useEffect, useState } from 'react';
import type { PairwiseApi } from '../../../electron/shared/contract';
import type { Settings, SettingsPatch } from '../../../electron/shared/settings';

export interface SettingsState {
  settings: Settings | null;
  loadError: string | null;
  /** Sends a patch; resolves with the saved settings or rejects with the ApiError naming the field. */
  save(patch: SettingsPatch): Promise<Settings>;
}

export function useSettings(api: PairwiseApi): SettingsState {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    api['settings.get']({}).then(setSettings, (error: Error) => setLoadError(error.message));
  }, [api]);
  const save = useCallback(
    async (patch: SettingsPatch) => {
      const saved = await api['settings.update'](patch);
      setSettings(saved);
      return saved;
    },
    [api],
  );
  return { settings, loadError, save };
}
