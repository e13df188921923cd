import type { CachedModel, GpuProbe } from '../../../../electron/shared/gpu';
import { DTYPES, MANAGED_ENV, MANAGED_FLAGS } from '../../../../electron/shared/profile-defaults';
import { FormField } from './FormField';
import { GpuPicker } from './GpuPicker';
import type { CommandChoice, FieldErrors, VllmValues } from './profile-form-values';

interface VllmFieldsProps {
  values: VllmValues;
  errors: FieldErrors;
  cachedModels: CachedModel[];
  gpuProbe: GpuProbe | null;
  onChange(patch: Partial<VllmValues>): void;
}

const QUANTIZATIONS = ['awq', 'awq_marlin', 'gptq', 'gptq_marlin', 'fp8', 'bitsandbytes', 'gguf', 'compressed-tensors'];

const COMMAND_PATH_LABEL: Record<Exclude<CommandChoice, 'vllm-on-path'>, { label: string; placeholder: string }> = {
  'vllm-at-path': { label: 'Path of vllm', placeholder: '/home/me/venvs/vllm/bin/vllm' },
  python: { label: 'Python with vLLM', placeholder: '/home/me/venvs/vllm/bin/python' },
};

/** The fields of a profile Pairwise launches itself. */
export function VllmFields({ values, errors, cachedModels, gpuProbe, onChange }: VllmFieldsProps) {
  const text = (key: keyof VllmValues) => ({
    value: values[key] as string,
    onChange: (event: { target: { value: string } }) => onChange({ [key]: event.target.value }),
  });
  return (
    <>
      <FormField label="Model source" error={errors.source} hint="A Hugging Face id (Qwen/Qwen2-7B-Instruct) or a local folder.">
        <input {...text('source')} list="hf-cache-models" required spellCheck={false} />
      </FormField>
      <datalist id="hf-cache-models">
        {cachedModels.map((model) => (
          <option key={model.id} value={model.id} />
        ))}
      </datalist>
      <FormField label="Served name (optional)" error={errors.servedName} hint="What the API calls the model. Empty = the source.">
        <input {...text('servedName')} spellCheck={false} />
      </FormField>

      <FormField label="Run vLLM with" error={values.command === 'vllm-on-path' ? errors.command : undefined}>
        <select value={values.command} onChange={(e) => onChange({ command: e.target.value as CommandChoice })}>
          <option value="vllm-on-path">vllm on PATH</option>
          <option value="vllm-at-path">vllm at a path</option>
          <option value="python">a Python that has vLLM (-m vllm.entrypoints.openai.api_server)</option>
        </select>
      </FormField>
      {values.command !== 'vllm-on-path' && (
        <FormField label={COMMAND_PATH_LABEL[values.command].label} error={errors.command}>
          <input {...text('commandPath')} placeholder={COMMAND_PATH_LABEL[values.command].placeholder} spellCheck={false} />
        </FormField>
      )}

      <GpuPicker probe={gpuProbe} value={values.gpus} error={errors.gpuIndices} onChange={(gpus) => onChange({ gpus })} />
      <div className="form-grid">
        <FormField label="GPU memory utilization" error={errors.gpuMemoryUtilization} hint="Fraction of each GPU's TOTAL memory (0–1).">
          <input {...text('gpuMemoryUtilization')} inputMode="decimal" />
        </FormField>
        <FormField label="Max model len" error={errors.maxModelLen} hint="Tokens; 32k and 32K work. Empty = the model's.">
          <input {...text('maxModelLen')} inputMode="numeric" />
        </FormField>
        <FormField label="Dtype" error={errors.dtype}>
          <select value={values.dtype} onChange={(e) => onChange({ dtype: e.target.value as VllmValues['dtype'] })}>
            {DTYPES.map((dtype) => (
              <option key={dtype} value={dtype}>
                {dtype}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Quantization" error={errors.quantization} hint="Empty = none (or what the checkpoint says).">
          <input {...text('quantization')} list="quantization-methods" spellCheck={false} />
        </FormField>
        <FormField label="Tensor-parallel size" error={errors.tensorParallelSize}>
          <input {...text('tensorParallelSize')} inputMode="numeric" />
        </FormField>
        <FormField label="Seed" error={errors.seed} hint="Empty = vLLM's default.">
          <input {...text('seed')} inputMode="numeric" />
        </FormField>
        <FormField label="Preferred port" error={errors.preferredPort} hint="Used when free; empty = any free port.">
          <input {...text('preferredPort')} inputMode="numeric" />
        </FormField>
      </div>
      <datalist id="quantization-methods">
        {QUANTIZATIONS.map((method) => (
          <option key={method} value={method} />
        ))}
      </datalist>

      <FormField
        label="Extra arguments"
        error={errors.extraArgs}
        hint={`One argument per line, passed as is (no shell): --enforce-eager, --max-num-seqs=64. Pairwise sets ${MANAGED_FLAGS.filter((f) => f.startsWith('--')).join(' ')} itself.`}
      >
        <textarea {...text('extraArgs')} rows={3} spellCheck={false} className="mono" />
      </FormField>
      <FormField label="Environment" error={errors.env} hint={`KEY=VALUE, one per line (e.g. HF_TOKEN=…). ${MANAGED_ENV.join(', ')} are set by Pairwise.`}>
        <textarea {...text('env')} rows={3} spellCheck={false} className="mono" />
      </FormField>
      <label className="check">
        <input type="checkbox" checked={values.autoRestart} onChange={(e) => onChange({ autoRestart: e.target.checked })} />
        Restart automatically after a crash (with growing pauses; gives up after repeated crashes)
      </label>
    </>
  );
}
