// Builds memory-plan inputs the way the services do (memory-check.ts): real model sizes (shipped facts, a local
// folder or the HF cache), real estimates, and GPUs as nvidia-smi reports them.
import type { GpuInfo, GpuProbe, ProfileChange } from '../../electron/shared/gpu';
import { estimateMemory } from '../../electron/services/engines/gpu/memory-estimate';
import { defaultProfileRun } from '../../electron/services/engines/gpu/memory-overheads';
import type { PlannableServer } from '../../electron/services/engines/gpu/memory-planner';
import type { ServerSettings } from '../../electron/services/engines/gpu/memory-proposal';
import { launchFlags, modelSizes } from '../../electron/services/engines/memory-check';
import { quantizedVariantsOf } from '../../electron/services/models/model-facts';
import presets from '../../resources/presets/models.json';

/** A GPU as nvidia-smi reports it: free = total - used - what the driver reserves (about 2%). */
export function gpuOf(name: string, totalMiB: number, computeCapability: string | null, usedMiB = 0, index = 0): GpuInfo {
  const reserved = Math.round(totalMiB * 0.0196);
  return { index, uuid: `GPU-${index}`, name, memoryTotalMiB: totalMiB, memoryUsedMiB: usedMiB, memoryFreeMiB: totalMiB - reserved - usedMiB, computeCapability };
}

export const RTX_4090_D = (): GpuInfo => gpuOf('NVIDIA GeForce RTX 4090 D', 24564, '8.9', 400);
export const A100_80GB = (): GpuInfo => gpuOf('NVIDIA A100-SXM4-80GB', 81920, '8.0');
export const RTX_A6000 = (): GpuInfo => gpuOf('NVIDIA RTX A6000', 49140, '8.6');

export const probeOf = (...gpus: GpuInfo[]): Extract<GpuProbe, { available: true }> => ({ available: true, gpus, processes: [] });

export interface ServerSpec {
  name: string;
  source: string;
  utilization: number;
  maxModelLen?: number | null;
  quantization?: string | null;
  gpuIndices?: number[];
  tensorParallelSize?: number;
  extraArgs?: string[];
  dtype?: string;
  env?: NodeJS.ProcessEnv;
  /** Its server already runs. */
  running?: boolean;
}

/** A server of the plan, with the re-estimation a proposal uses, as memory-check.ts builds it. */
export async function plannedServer(spec: ServerSpec, gpu: GpuInfo | null): Promise<PlannableServer> {
  const env = spec.env ?? {};
  const flags = launchFlags(spec.extraArgs ?? []);
  const variants = quantizedVariantsOf(spec.source);
  const sizes = new Map([[spec.source, await modelSizes(spec.source, [], env)]]);
  for (const v of variants) sizes.set(v.id, await modelSizes(v.id, [], env));
  const tensorParallelSize = spec.tensorParallelSize ?? 1;
  const profileRun = defaultProfileRun(gpu ? { name: gpu.name, totalMiB: gpu.memoryTotalMiB } : null, flags);
  const reestimate = (settings: ServerSettings) =>
    estimateMemory({
      sizes: sizes.get(settings.source)!,
      maxModelLen: settings.maxModelLen,
      dtype: spec.dtype ?? 'auto',
      quantization: settings.quantization,
      kvCacheDtype: flags.kvCacheDtype,
      enforceEager: flags.enforceEager,
      tensorParallelSize,
      profileRun,
    });
  const settings: ServerSettings = { source: spec.source, maxModelLen: spec.maxModelLen === undefined ? 8192 : spec.maxModelLen, quantization: spec.quantization ?? null };
  return {
    profileId: spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    name: spec.name,
    gpuIndices: spec.gpuIndices ?? [0],
    requestedUtilization: spec.utilization,
    tensorParallelSize,
    estimate: reestimate(settings),
    settings,
    variants: variants.map((v) => ({ source: v.id, method: v.quantization!.method, bits: v.quantization!.bits })),
    reestimate,
    running: spec.running === true,
  };
}

/** The specs after a proposal's changes: what "Apply" writes into the profiles. */
export function applyChanges(specs: ServerSpec[], changes: ProfileChange[]): ServerSpec[] {
  return specs.map((spec) => {
    const change = changes.find((c) => c.name === spec.name);
    if (!change) return spec;
    return {
      ...spec,
      ...(change.gpuMemoryUtilization !== undefined ? { utilization: change.gpuMemoryUtilization } : {}),
      ...(change.maxModelLen !== undefined ? { maxModelLen: change.maxModelLen } : {}),
      ...(change.quantization !== undefined ? { quantization: change.quantization } : {}),
      ...(change.source !== undefined ? { source: change.source } : {}),
      ...(change.gpuIndices !== undefined ? { gpuIndices: change.gpuIndices } : {}),
    };
  });
}

/** The two presets of the sample study, as shipped. */
export const STUDY_PRESETS: ServerSpec[] = presets.map((p) => ({ name: p.name, source: p.source, utilization: p.gpuMemoryUtilization, maxModelLen: p.maxModelLen, quantization: p.quantization }));
