// Profile constants and defaults without zod, so the renderer can use them without bundling the schemas.
// profiles.ts re-exports everything here; its schemas are built from these lists.
import type { VllmProfileDraft } from './profiles';

export const DTYPES = ['auto', 'half', 'float16', 'bfloat16', 'float', 'float32'] as const;

/** Flags Pairwise sets itself; allowing them in extra args would make the app lie about where the server is. */
export const MANAGED_FLAGS = ['--host', '--port', '--served-model-name', '--api-key', '--model', '--tensor-parallel-size', '-tp', '--gpu-memory-utilization', '--max-model-len', '--dtype', '--quantization', '-q', '--seed'] as const;
/** Env vars Pairwise sets itself from profile fields. */
export const MANAGED_ENV = ['CUDA_VISIBLE_DEVICES', 'CUDA_DEVICE_ORDER', 'VLLM_PORT'] as const;

/** Defaults for a new vLLM profile: one GPU shared by two servers means 0.45 each. */
export function newVllmDraft(source: string, name = source.split('/').pop() ?? source): VllmProfileDraft {
  return {
    engine: 'vllm',
    name,
    source,
    servedName: null,
    command: { kind: 'vllm', path: null },
    gpuIndices: [0],
    gpuMemoryUtilization: 0.45,
    maxModelLen: 8192,
    dtype: 'auto',
    quantization: null,
    tensorParallelSize: 1,
    seed: 0,
    extraArgs: [],
    env: {},
    preferredPort: null,
    autoRestart: false,
  };
}
