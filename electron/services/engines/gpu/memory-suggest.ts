// Utilizations that fit: each server gets at least its estimate (as a fraction of the GPU, rounded up to 0.01),
// the servers on a GPU stay within what others leave free, and the room left above a safety margin is split in
// proportion to what the profiles asked for. Worked in whole hundredths so rounding never breaks a sum.
import type { GpuInfo } from '../../../shared/gpu';
import { bytesOfGpu, hasMemoryFigures, serversOn, type Placement } from './memory-placement';

/**
 * Kept free on every GPU: nvidia-smi's total is a little above what CUDA reports, the driver and the CUDA contexts
 * take some, and usage moves between the check and the launch.
 */
export const SAFETY_MARGIN_FRACTION = 0.02;

/** Rounding tolerance, so 0.52 computed as 0.5200000001 is still 52 hundredths. */
const EPSILON = 1e-9;

export interface GpuShortfall {
  gpu: GpuInfo;
  placements: Placement[];
  /** What other processes leave free on this GPU. */
  freeMiB: number;
}

export interface Suggestions {
  /** Suggested utilization per placement (two slots may use the same profile), null when none fits. */
  utilizations: Map<Placement, number | null>;
  /** GPUs where even the estimates do not fit. */
  shortfalls: GpuShortfall[];
}

/** The estimate as hundredths of its GPUs (the largest, when its GPUs differ in size); 0 when unknown. */
function neededHundredths(placement: Placement): number {
  const need = placement.needPerGpuBytes;
  if (need === null) return 0;
  return Math.max(0, ...placement.gpus.filter(hasMemoryFigures).map((gpu) => Math.ceil((need / bytesOfGpu(gpu)) * 100 - EPSILON)));
}

function hundredthsOf(gpu: GpuInfo, mib: number): number {
  return Math.floor((mib / gpu.memoryTotalMiB) * 100 + EPSILON);
}

interface GpuSplit {
  /** Hundredths other processes leave free: the estimates must fit in it. */
  capacity: number;
  /** Hundredths above the safety margin: the spare room handed out on top of the estimates. */
  spare: number;
  needed: number;
  weights: number;
}

/**
 * Servers that must change: those on a GPU with a problem, and (through tensor parallelism) everything sharing a GPU
 * with them, so that every GPU a suggestion touches is shared only by servers that also get one.
 */
export function adjustableServers(placements: Placement[], troubled: Iterable<GpuInfo>): Set<Placement> {
  const gpus = new Set(troubled);
  const adjustable = new Set<Placement>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const placement of placements) {
      if (adjustable.has(placement) || !placement.gpus.some((gpu) => gpus.has(gpu))) continue;
      adjustable.add(placement);
      placement.gpus.forEach((gpu) => gpus.add(gpu));
      grew = true;
    }
  }
  return adjustable;
}

export function suggestUtilizations(placements: Placement[], gpus: GpuInfo[], othersByGpu: Map<number, number>, adjustable: Set<Placement>): Suggestions {
  const needed = new Map(placements.map((p) => [p, neededHundredths(p)]));
  const splits = new Map<GpuInfo, GpuSplit>();
  const shortfalls: GpuShortfall[] = [];
  for (const gpu of gpus.filter(hasMemoryFigures)) {
    const here = serversOn(gpu, placements);
    if (!here.some((p) => adjustable.has(p))) continue;
    const freeMiB = gpu.memoryTotalMiB - (othersByGpu.get(gpu.index) ?? 0);
    const neededHere = sum(here.map((p) => needed.get(p)!));
    const spare = Math.max(0, hundredthsOf(gpu, freeMiB - SAFETY_MARGIN_FRACTION * gpu.memoryTotalMiB) - neededHere);
    const split = { capacity: hundredthsOf(gpu, freeMiB), spare, needed: neededHere, weights: sum(here.map((p) => p.server.requestedUtilization)) };
    splits.set(gpu, split);
    if (split.needed > split.capacity) shortfalls.push({ gpu, placements: here, freeMiB });
  }
  const suggest = (p: Placement): number | null => {
    if (p.missing.length > 0 || p.shortOfGpus > 0) return null; // no utilization fixes a GPU that is not there
    return adjustable.has(p) ? suggestionFor(p, needed.get(p)!, splits) : p.server.requestedUtilization;
  };
  const utilizations = new Map(placements.map((p) => [p, suggest(p)]));
  return { utilizations, shortfalls };
}

function suggestionFor(placement: Placement, needed: number, splits: Map<GpuInfo, GpuSplit>): number | null {
  const checked = placement.gpus.map((gpu) => splits.get(gpu)).filter((split): split is GpuSplit => split !== undefined);
  if (checked.length === 0) return placement.server.requestedUtilization; // nothing nvidia-smi lets us check
  if (checked.some((split) => split.needed > split.capacity)) return null;
  const share = Math.min(...checked.map((split) => Math.floor((split.spare * placement.server.requestedUtilization) / split.weights + EPSILON)));
  const hundredths = Math.min(100, needed + share);
  return hundredths > 0 ? hundredths / 100 : null;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
