import { useEffect, useState } from 'react';
import type { CachedModel } from '../../../../electron/shared/gpu';
import type { ProfileDraft } from '../../../../electron/shared/profiles';
import { useApi } from '../../api/api-context';

interface ModelsToolbarProps {
  cachedModels: CachedModel[];
  onNew(engine: 'vllm' | 'endpoint'): void;
  onFromDraft(draft: ProfileDraft): void;
  onFromCache(modelId: string): void;
}

/** The ways to start a profile: from scratch, from a shipped preset, or from a model already downloaded. */
export function ModelsToolbar({ cachedModels, onNew, onFromDraft, onFromCache }: ModelsToolbarProps) {
  const api = useApi();
  const [presets, setPresets] = useState<ProfileDraft[]>([]);
  const [cachedChoice, setCachedChoice] = useState('');
  useEffect(() => {
    api['profiles.presets']({}).then(setPresets, () => {});
  }, [api]);
  const usable = cachedModels.filter((model) => model.complete);

  return (
    <div className="models-toolbar">
      <div className="button-row" role="group" aria-label="New profile">
        <button type="button" className="primary" onClick={() => onNew('vllm')}>
          New vLLM profile
        </button>
        <button type="button" onClick={() => onNew('endpoint')}>
          New endpoint profile
        </button>
      </div>
      {presets.length > 0 && (
        <div className="button-row" role="group" aria-label="Presets">
          <span className="muted">Presets:</span>
          {presets.map((preset) => (
            <button key={preset.name} type="button" aria-label={`New profile from preset ${preset.name}`} onClick={() => onFromDraft(preset)}>
              {preset.name}
            </button>
          ))}
        </div>
      )}
      {usable.length > 0 && (
        <form
          className="button-row"
          aria-label="From the Hugging Face cache"
          onSubmit={(event) => {
            event.preventDefault();
            if (cachedChoice) onFromCache(cachedChoice);
          }}
        >
          <label className="muted" htmlFor="cached-model-choice">
            Downloaded:
          </label>
          <select id="cached-model-choice" value={cachedChoice} onChange={(e) => setCachedChoice(e.target.value)}>
            <option value="">choose a cached model…</option>
            {usable.map((model) => (
              <option key={model.id} value={model.id}>
                {model.id}
              </option>
            ))}
          </select>
          <button type="submit" disabled={!cachedChoice}>
            New profile from it
          </button>
        </form>
      )}
    </div>
  );
}
