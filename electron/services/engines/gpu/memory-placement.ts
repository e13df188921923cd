// Which GPUs each planned server lands on, and who else holds memory there.
import type { GpuInfo, GpuProbe, GpuProcess, MemoryEstimate } from '../../../shared/gpu';

export interface PlanServerInput {
  profileId: string;
  name: string;
  /** CUDA_VISIBLE_DEVICES in nvidia-smi order; empty = every GPU. */
  gpuIndices: number[];
  requestedUtilization: number;
  estimate: MemoryEstimate;
  tensorParallelSize: number;
  /** Already running (or starting): it holds what it holds, whatever its profile now says. */
  running?: boolean;
}

export interface Placement {
  server: PlanServerInput;
  /** The GPUs the server computes on (its first tensor-parallel-size visible GPUs) that nvidia-smi lists. */
  gpus: GpuInfo[];
  /** Indices it is set to use that nvidia-smi does not list. */
  missing: number[];
  /** GPUs it needs (tensor-parallel size) but cannot have. */
  shortOfGpus: number;
}

export const notFreeMiB = (gpu: GpuInfo): number => gpu.memoryTotalMiB - gpu.memoryFreeMiB;

/** True when nvidia-smi reported the GPU's memory (unified-memory boards report [N/A]). */
export const hasMemoryFigures = (gpu: GpuInfo): boolean => gpu.memoryTotalMiB > 0;

/** vLLM computes on the first tensor-parallel-size devices of CUDA_VISIBLE_DEVICES (all GPUs when unset). */
export function placeServer(server: PlanServerInput, gpus: GpuInfo[]): Placement {
  const visible = server.gpuIndices.length > 0 ? server.gpuIndices : gpus.map((gpu) => gpu.index);
  const wanted = Math.max(1, server.tensorParallelSize);
  const used = visible.slice(0, wanted);
  const found = used.map((index) => gpus.find((gpu) => gpu.index === index)).filter((gpu): gpu is GpuInfo => gpu !== undefined);
  return {
    server,
    gpus: found,
    missing: used.filter((index) => !gpus.some((gpu) => gpu.index === index)),
    shortOfGpus: Math.max(0, wanted - used.length),
  };
}

export const isMisplaced = (placement: Placement): boolean => placement.missing.length > 0 || placement.shortOfGpus > 0;

export function serversOn(gpu: GpuInfo, placements: Placement[]): Placement[] {
  return placements.filter((placement) => placement.gpus.includes(gpu));
}

export function otherProcesses(processes: GpuProcess[], ownPids: ReadonlySet<number>): GpuProcess[] {
  return processes.filter((p) => !ownPids.has(p.pid)).sort((a, b) => b.usedMemoryMiB - a.usedMemoryMiB);
}

/**
 * MiB that this plan's own running servers hold on each GPU. nvidia-smi's process list does not say which GPU a row
 * is on; with one GPU that does not matter, with several the own total is spread over the GPUs the plan uses in
 * proportion to what it requests there, never more than is in use on a GPU.
 */
export function ownMemoryByGpu(probe: Extract<GpuProbe, { available: true }>, ownPids: ReadonlySet<number>, placements: Placement[]): Map<number, number> {
  const own = probe.processes.filter((p) => ownPids.has(p.pid)).reduce((sum, p) => sum + p.usedMemoryMiB, 0);
  const byGpu = new Map<number, number>();
  if (own === 0) return byGpu;
  const weights = probe.gpus.map((gpu) => ({
    gpu,
    weight: probe.gpus.length === 1 ? 1 : serversOn(gpu, placements).reduce((sum, p) => sum + p.server.requestedUtilization * gpu.memoryTotalMiB, 0),
  }));
  const totalWeight = weights.reduce((sum, w) => sum + w.weight, 0);
  for (const { gpu, weight } of weights) {
    if (totalWeight > 0) byGpu.set(gpu.index, Math.min(notFreeMiB(gpu), (own * weight) / totalWeight));
  }
  return byGpu;
}

/**
 * Everything not free on a GPU, less this plan's running servers. total - free rather than "used": recent drivers
 * report the memory they reserve in neither used nor free, and vLLM's check reads the free figure.
 */
export function memoryOfOthers(probe: Extract<GpuProbe, { available: true }>, ownPids: ReadonlySet<number>, placements: Placement[]): Map<number, number> {
  const own = ownMemoryByGpu(probe, ownPids, placements);
  return new Map(probe.gpus.map((gpu) => [gpu.index, Math.max(0, notFreeMiB(gpu) - (own.get(gpu.index) ?? 0))]));
}
