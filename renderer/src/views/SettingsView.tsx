import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../electron/shared/app-info';
import { ApiError } from '../../../electron/shared/errors';
import { parseSamplingText, SAMPLING_FIELDS, SAMPLING_LIMITS, type SamplingField } from '../../../electron/shared/sampling-limits';
import type { SettingsPatch } from '../../../electron/shared/settings';
import { THEMES } from '../../../electron/shared/settings-values';
import { useApi } from '../api/api-context';
import type { SettingsState } from '../app/use-settings';
import { CommitField } from '../components/CommitField';

type FieldErrors = Record<string, string>;

export function SettingsView({ state }: { state: SettingsState }) {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const { settings } = state;

  useEffect(() => {
    api['app.info']({}).then(setInfo, () => {});
  }, [api, settings?.dataFolder]);

  if (state.loadError) return <p role="alert">Could not load settings: {state.loadError}</p>;
  if (!settings) return <p>Loading settings…</p>;

  /** Saves one change; an invalid value keeps its draft on screen with the reason next to the field. */
  const save = async (field: string, patch: SettingsPatch): Promise<boolean> => {
    try {
      await state.save(patch);
      setErrors((current) => withoutKey(current, field));
      setSavedAt(Date.now());
      return true;
    } catch (error) {
      const message = error instanceof ApiError ? (error.issues[0]?.message ?? error.message) : String(error);
      setErrors((current) => ({ ...current, [field]: message }));
      return false;
    }
  };

  /**
   * Checked here against the limits the service's schema is built from, so the sentence next to the field says
   * what is allowed (and text that is no number never travels: JSON would turn NaN into null).
   */
  const saveSampling = (field: SamplingField, text: string): Promise<boolean> => {
    const parsed = parseSamplingText(field, text);
    if ('error' in parsed) {
      setErrors((current) => ({ ...current, [field]: parsed.error }));
      return Promise.resolve(false);
    }
    return save(field, { sampling: { [field]: parsed.value } });
  };
  const s = settings.sampling;
  return (
    <section className="view settings" aria-labelledby="view-title">
      <h1 id="view-title">Settings</h1>
      <p className="save-status" aria-live="polite">
        {Object.keys(errors).length > 0
          ? 'Not saved: fix the field marked in red.'
          : savedAt
            ? 'All changes saved.'
            : 'Changes are saved as you make them.'}
      </p>

      <fieldset>
        <legend>Appearance</legend>
        <label className="field">
          <span>Theme</span>
          <select value={settings.theme} onChange={(e) => void save('theme', { theme: e.target.value as (typeof THEMES)[number] })}>
            {THEMES.map((theme) => (
              <option key={theme} value={theme}>
                {theme === 'system' ? 'Follow the system' : theme[0]!.toUpperCase() + theme.slice(1)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>

      <fieldset>
        <legend>Default sampling</legend>
        <p className="hint">Used for new comparisons; both models always get the same values.</p>
        {SAMPLING_FIELDS.map((field) => {
          const limits = SAMPLING_LIMITS[field];
          const value = s[field];
          return (
            <CommitField key={field} label={limits.label} name={field} inputMode={limits.integer ? 'numeric' : 'decimal'}
              placeholder={limits.nullable ? 'none (random)' : undefined} value={value === null ? '' : String(value)} error={errors[field]}
              onCommit={(text) => saveSampling(field, text)} />
          );
        })}
      </fieldset>

      <fieldset>
        <legend>Data</legend>
        <CommitField label="Data folder" name="dataFolder" value={settings.dataFolder ?? ''} placeholder={info?.dataFolder ?? 'default'}
          error={errors.dataFolder} wide
          onCommit={(text) => save('dataFolder', { dataFolder: text.trim() === '' ? null : text.trim() })} />
        <p className="hint">Rating sessions, server logs and exports are kept here. Leave empty for the default.</p>
      </fieldset>

      {info && (
        <fieldset>
          <legend>About this installation</legend>
          <dl className="facts">
            <dt>Version</dt><dd>{info.version} ({info.shell})</dd>
            <dt>Platform</dt><dd>{info.platform} {info.arch}</dd>
            <dt>Data folder</dt><dd data-testid="data-folder">{info.dataFolder}</dd>
            <dt>Settings file</dt><dd>{info.settingsFile}</dd>
            <dt>vLLM</dt><dd>{info.tools.vllm.found ? info.tools.vllm.path : 'not found on PATH — launching models needs vLLM installed'}</dd>
            <dt>nvidia-smi</dt><dd>{info.tools.nvidiaSmi.found ? info.tools.nvidiaSmi.path : 'not found on PATH — GPU memory cannot be checked before launching'}</dd>
          </dl>
        </fieldset>
      )}
    </section>
  );
}

function withoutKey(errors: FieldErrors, key: string): FieldErrors {
  const { [key]: _removed, ...rest } = errors;
  return rest;
}
