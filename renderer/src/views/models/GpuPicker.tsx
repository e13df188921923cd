import type { GpuProbe } from '../../../../electron/shared/gpu';
import { formatMiB } from './format';
import { parseGpuList } from './profile-form-values';

interface GpuPickerProps {
  probe: GpuProbe | null;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}

/** Checkboxes for the GPUs nvidia-smi found; a text field when it found none (or is not installed here). */
export function GpuPicker({ probe, value, error, onChange }: GpuPickerProps) {
  const gpus = probe?.available ? probe.gpus : [];
  const selected = parseGpuList(value) ?? [];
  if (gpus.length === 0) {
    return (
      <div className="form-field">
        <label htmlFor="profile-gpus">GPU indices</label>
        <input id="profile-gpus" value={value} placeholder="0,1" inputMode="numeric" aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)} />
        <span className="form-hint">Comma-separated, in nvidia-smi order (CUDA_VISIBLE_DEVICES). Empty = every GPU.</span>
        {error && <span className="field-error" role="alert">{error}</span>}
      </div>
    );
  }
  // A GPU the profile names but nvidia-smi no longer lists stays visible, so saving does not silently drop it.
  const missing = selected.filter((index) => !gpus.some((gpu) => gpu.index === index));
  const toggle = (index: number) => {
    const next = selected.includes(index) ? selected.filter((i) => i !== index) : [...selected, index];
    onChange(next.sort((a, b) => a - b).join(','));
  };
  return (
    <fieldset className="form-field gpu-picker" aria-invalid={error ? true : undefined}>
      <legend>GPUs</legend>
      <div className="gpu-options">
        {gpus.map((gpu) => (
          <label key={gpu.index} className="check">
            <input type="checkbox" checked={selected.includes(gpu.index)} onChange={() => toggle(gpu.index)} />
            GPU {gpu.index} · {gpu.name} <span className="muted">({formatMiB(gpu.memoryTotalMiB)}, {formatMiB(gpu.memoryFreeMiB)} free)</span>
          </label>
        ))}
        {missing.map((index) => (
          <label key={index} className="check">
            <input type="checkbox" checked onChange={() => toggle(index)} />
            GPU {index} <span className="muted">(not found by nvidia-smi now)</span>
          </label>
        ))}
      </div>
      <span className="form-hint">None ticked = every GPU.</span>
      {error && <span className="field-error" role="alert">{error}</span>}
    </fieldset>
  );
}
