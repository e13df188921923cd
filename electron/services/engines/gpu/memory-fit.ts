// Do these servers fit on their GPUs, by vLLM's accounting? Per server, its budget (utilization x the GPU's memory
// as CUDA reports it) must hold weights, activations and the KV cache of one max-length sequence. Per GPU, what the
// servers hold once ready (CUDA context + budget + CUDA graphs each) must fit in what others leave: vLLM's start-up
// check makes the last one to start find its whole budget free, and its graphs come on top. A server that loads
// 16-bit weights before quantizing them must find room for them next to the others. Launch order is not known,
// so every server is checked as the last.
import type { GpuInfo, MemoryEstimate } from '../../../shared/gpu';
import { KV_BLOCK_TOKENS } from './memory-estimate';
import { hasMemoryFigures } from './memory-placement';
import { capabilityRefusal, capabilityUnknown } from './quantization-support';
import { MiB } from './units';

/**
 * CUDA's total is below nvidia-smi's by what the driver reserves (about 1-2%); recent drivers report that in
 * neither used nor free, so used + free is the upper figure, and 2% below it the lower.
 */
export const CUDA_RESERVED_FRACTION = 0.02;
/** Kept free on every GPU: usage moves between the check and the launch, and allocators fragment. */
export const SAFETY_MARGIN_FRACTION = 0.01;

export const cudaTotalHighMiB = (gpu: GpuInfo): number => Math.min(gpu.memoryTotalMiB, gpu.memoryUsedMiB + gpu.memoryFreeMiB);
/** Where used + free falls short of the total, the driver reports its reserve apart, and used + free is CUDA's total. */
const cudaTotalLowMiB = (gpu: GpuInfo): number => {
  const seen = gpu.memoryUsedMiB + gpu.memoryFreeMiB;
  return seen < gpu.memoryTotalMiB ? seen : gpu.memoryTotalMiB * (1 - CUDA_RESERVED_FRACTION);
};
/** What utilization x total surely gives at least. */
export const budgetBytesOn = (utilization: number, gpu: GpuInfo): number => utilization * cudaTotalLowMiB(gpu) * MiB;
/** What utilization x total takes at most. */
export const requestBytesOn = (utilization: number, gpu: GpuInfo): number => utilization * cudaTotalHighMiB(gpu) * MiB;

export interface FitServer {
  name: string;
  gpus: GpuInfo[];
  tensorParallelSize: number;
  utilization: number;
  estimate: MemoryEstimate;
  /**
   * Already running: its profile may have changed since it was launched, so on each GPU it counts as the larger of
   * its footprint and what this plan's running servers hold there (nvidia-smi); it is not checked as launching.
   */
  running?: boolean;
}

export interface ServerFit {
  /** What vLLM refuses whatever the memory: the estimate's refusals and a quantization the GPU cannot run. */
  refusals: string[];
  /** What the GPU does not say that this server depends on (its compute capability, for a quantization). */
  unknowns: string[];
  budgetBytes: number | null;
  needBytes: number | null;
  /** How much the need exceeds the budget; 0 when it does not or when unknown. */
  shortBytes: number;
  kvTokens: number | null;
  concurrency: number | null;
}

export interface GpuFit {
  gpu: GpuInfo;
  availableMiB: number;
  requestedMiB: number;
  footprintMiB: number;
  /** Footprints + margin beyond what is available (> 0: does not fit), with every server's size known. */
  overMiB: number;
  /** The utilizations alone beyond what is available: certain whatever the model sizes. */
  requestOverMiB: number;
  /** Servers whose loading peak does not fit next to the others' footprints. */
  loadOver: { server: number; overMiB: number }[];
  known: boolean;
  /** Indices (in the servers given) of the servers on this GPU. */
  servers: number[];
}

export interface FitResult {
  servers: ServerFit[];
  gpus: GpuFit[];
  /** Every size known on every GPU that reports its memory. */
  known: boolean;
  /** A problem among known sizes, or one no size could avoid. */
  certainProblem: boolean;
  fits: boolean;
}

export const isKnown = (estimate: MemoryEstimate): boolean => estimate.budgetNeedBytes !== null && estimate.source !== 'name' && estimate.source !== 'none';

/**
 * Upper: every estimated part at its most, the budget at its least, a safety margin: what "fits" must pass.
 * Lower: every estimated part at its least, the budget at its most, no margin: what "does not fit" must fail.
 */
export type Bound = 'upper' | 'lower';

interface Overheads {
  activationBytes: number;
  contextBytes: number;
  cudaGraphBytes: number;
  needBytes: number | null;
}

function overheadsOf(estimate: MemoryEstimate, bound: Bound): Overheads {
  const { activationBytes, contextBytes, cudaGraphBytes, budgetNeedBytes } = estimate;
  if (bound === 'upper') return { activationBytes, contextBytes, cudaGraphBytes, needBytes: budgetNeedBytes };
  const low = estimate.lowerBound;
  return { ...low, needBytes: budgetNeedBytes === null ? null : budgetNeedBytes - activationBytes + low.activationBytes };
}

const budgetOf = (utilization: number, gpu: GpuInfo, bound: Bound): number => (bound === 'upper' ? budgetBytesOn(utilization, gpu) : requestBytesOn(utilization, gpu));
const requestOf = (utilization: number, gpu: GpuInfo, bound: Bound): number => (bound === 'upper' ? requestBytesOn(utilization, gpu) : budgetBytesOn(utilization, gpu));

function footprintBytes(server: FitServer, gpu: GpuInfo, bound: Bound): number {
  const o = overheadsOf(server.estimate, bound);
  return o.contextBytes + requestOf(server.utilization, gpu, bound) + o.cudaGraphBytes;
}

function serverFit(server: FitServer, bound: Bound): ServerFit {
  const checked = server.gpus.filter(hasMemoryFigures);
  const budget = checked.length > 0 ? Math.min(...checked.map((gpu) => budgetOf(server.utilization, gpu, bound))) : null;
  const { weightsBytes, kvBytesPerTokenPerGpu, maxModelLen } = server.estimate;
  const { needBytes: need, activationBytes } = overheadsOf(server.estimate, bound);
  const launching = !server.running;
  const shortBytes = launching && need !== null && budget !== null && isKnown(server.estimate) ? Math.max(0, need - budget) : 0;
  const capability = capabilityRefusal(server.estimate.quantization, server.gpus);
  const refusals = launching ? [...server.estimate.refusals, ...(capability ? [capability] : [])] : [];
  const unknownCapability = launching ? capabilityUnknown(server.estimate.quantization, server.gpus) : null;
  const unknowns = unknownCapability ? [unknownCapability] : [];
  if (budget === null || weightsBytes === null || kvBytesPerTokenPerGpu === null) return { refusals, unknowns, budgetBytes: budget, needBytes: need, shortBytes, kvTokens: null, concurrency: null };
  const tp = Math.max(1, server.tensorParallelSize);
  const kvRoomPerGpu = budget - weightsBytes / tp - activationBytes;
  const kvTokens = Math.max(0, Math.floor(kvRoomPerGpu / kvBytesPerTokenPerGpu / KV_BLOCK_TOKENS) * KV_BLOCK_TOKENS);
  return { refusals, unknowns, budgetBytes: budget, needBytes: need, shortBytes, kvTokens, concurrency: maxModelLen ? kvTokens / maxModelLen : null };
}

function gpuFit(gpu: GpuInfo, servers: FitServer[], othersMiB: number, ownMiB: number, bound: Bound): GpuFit {
  const indices = servers.map((s, i) => (s.gpus.includes(gpu) ? i : -1)).filter((i) => i >= 0);
  const here = indices.map((i) => servers[i]!);
  const availableMiB = gpu.memoryTotalMiB - othersMiB;
  const requestedMiB = here.reduce((sum, s) => sum + requestBytesOn(s.utilization, gpu) / MiB, 0);
  const footprints = here.map((s) => footprintBytes(s, gpu, bound) / MiB);
  // What running servers hold is measured: a profile edited since its launch must not shrink it.
  const runningEstimate = here.reduce((sum, s, k) => sum + (s.running ? footprints[k]! : 0), 0);
  const footprintMiB = footprints.reduce((a, b) => a + b, 0) + Math.max(0, ownMiB - runningEstimate);
  const marginMiB = bound === 'upper' ? SAFETY_MARGIN_FRACTION * gpu.memoryTotalMiB : 0;
  const known = here.every((s) => isKnown(s.estimate));
  const requestOverMiB = here.reduce((sum, s) => sum + budgetBytesOn(s.utilization, gpu) / MiB, 0) - availableMiB;
  const loadOver = here.flatMap((s, k) => {
    const { loadPeakBytes, weightsBytes } = s.estimate;
    const { contextBytes } = overheadsOf(s.estimate, bound);
    if (s.running || loadPeakBytes === null || weightsBytes === null || loadPeakBytes <= weightsBytes) return [];
    const othersReady = footprintMiB - footprints[k]!;
    const over = othersReady + (contextBytes + loadPeakBytes / Math.max(1, s.tensorParallelSize)) / MiB + marginMiB - availableMiB;
    return over > 0 ? [{ server: indices[k]!, overMiB: over }] : [];
  });
  return { gpu, availableMiB, requestedMiB, footprintMiB, overMiB: footprintMiB + marginMiB - availableMiB, requestOverMiB, loadOver, known, servers: indices };
}

/** What a plan's GPUs hold: others' memory, and this plan's running servers' own (both MiB per GPU index). */
export interface GpuHolders {
  others: Map<number, number>;
  own?: Map<number, number>;
}

export function assessFit(servers: FitServer[], gpus: GpuInfo[], holders: GpuHolders, bound: Bound = 'upper'): FitResult {
  const serverFits = servers.map((server) => serverFit(server, bound));
  const used = gpus.filter(hasMemoryFigures).filter((gpu) => servers.some((s) => s.gpus.includes(gpu)));
  const gpuFits = used.map((gpu) => gpuFit(gpu, servers, holders.others.get(gpu.index) ?? 0, holders.own?.get(gpu.index) ?? 0, bound));
  const known = servers.every((s) => isKnown(s.estimate) && s.gpus.length > 0 && s.gpus.every(hasMemoryFigures)) && serverFits.every((f) => f.unknowns.length === 0);
  const certainProblem =
    serverFits.some((fit) => fit.shortBytes > 0 || fit.refusals.length > 0) ||
    gpuFits.some((fit) => fit.requestOverMiB > 0 || (fit.known && (fit.overMiB > 0 || fit.loadOver.length > 0)));
  return { servers: serverFits, gpus: gpuFits, known, certainProblem, fits: known && !certainProblem };
}
