import type { SystemCheck } from '../../../../electron/shared/system';
import { formatBytes, formatMiB } from './format';
import type { SystemCheckState } from './use-system-check';

/** vLLM, GPUs and the HF cache at a glance; opened by itself when something needed is missing. */
export function SystemCheckPanel({ state }: { state: SystemCheckState }) {
  const { check, loading, error, refresh } = state;
  const problem = check !== null && (!check.vllm.found || !check.gpus.available);
  return (
    <details className="system-check" open={problem || undefined}>
      <summary>
        <span className="system-check-title">System check</span> <span className="muted">{check ? summarize(check) : loading ? 'checking…' : (error ?? '')}</span>
      </summary>
      <div className="system-check-body">
        {error && <p role="alert" className="error-text">The system check failed: {error}</p>}
        {check && <SystemFacts check={check} />}
        <button type="button" className="small" onClick={refresh} disabled={loading} aria-label="Refresh the system check">
          {loading ? 'Checking…' : 'Refresh'}
        </button>
      </div>
    </details>
  );
}

function SystemFacts({ check }: { check: SystemCheck }) {
  const { vllm, gpus, hfCache } = check;
  const cached = hfCache.models;
  return (
    <dl className="engine-facts">
      <dt>vLLM</dt>
      <dd>
        {vllm.found ? (
          <>
            <span className="mono">{vllm.path}</span> {vllm.version ? `— version ${vllm.version}` : <span className="warning-text">— {vllm.problem ?? 'version unknown'}</span>}
          </>
        ) : (
          <span className="error-text">{vllm.problem ?? 'vllm was not found on PATH.'} Profiles can still point at a vllm or Python path of their own.</span>
        )}
      </dd>
      <dt>GPUs</dt>
      <dd>
        {gpus.available ? (
          gpus.gpus.length === 0 ? (
            'nvidia-smi lists no GPU.'
          ) : (
            <ul className="plain-list">
              {gpus.gpus.map((gpu) => (
                <li key={gpu.uuid || gpu.index}>
                  GPU {gpu.index} · {gpu.name} — {formatMiB(gpu.memoryTotalMiB)} total, {formatMiB(gpu.memoryFreeMiB)} free
                </li>
              ))}
            </ul>
          )
        ) : (
          <span className="warning-text">{gpus.message} GPU memory cannot be checked before launching.</span>
        )}
      </dd>
      <dt>Hugging Face cache</dt>
      <dd>
        <span className="mono">{hfCache.folder}</span>{' '}
        {hfCache.exists ? `— ${cached.length} ${cached.length === 1 ? 'model' : 'models'}` : '— does not exist yet (models download on first launch)'}
        {cached.length > 0 && (
          <ul className="plain-list cached-models">
            {cached.map((model) => (
              <li key={model.id}>
                <span className="mono">{model.id}</span> <span className="muted">{formatBytes(model.sizeBytes)}{model.complete ? '' : ' · no weights yet'}</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

function summarize({ vllm, gpus, hfCache }: SystemCheck): string {
  const v = vllm.found ? `vLLM ${vllm.version ?? '(version unknown)'}` : 'vLLM not found';
  const g = gpus.available ? `${gpus.gpus.length} ${gpus.gpus.length === 1 ? 'GPU' : 'GPUs'}` : 'no GPU information';
  return `${v} · ${g} · ${hfCache.models.length} cached ${hfCache.models.length === 1 ? 'model' : 'models'}`;
}
