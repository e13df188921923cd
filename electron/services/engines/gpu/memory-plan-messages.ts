// The plan in plain sentences: GiB with one decimal, names as the profiles give them, and something to do.
import type { GpuBudget, GpuInfo, GpuProcess } from '../../../shared/gpu';
import { requestedMiB, type Placement } from './memory-placement';
import { type GpuShortfall } from './memory-suggest';
import { formatGiB, formatMiBAsGiB, MiB } from './units';

const gpuLabel = (gpu: GpuInfo): string => `GPU ${gpu.index} (${gpu.name})`;
const fraction = (value: number): string => value.toFixed(2);

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function overBudget(gpu: GpuInfo, budget: GpuBudget, here: Placement[]): string {
  const asks = here.map((p) => `${p.server.name} ${formatMiBAsGiB(requestedMiB(p, gpu))} (${fraction(p.server.requestedUtilization)})`);
  const over = budget.requestedMiB + budget.usedByOthersMiB - budget.totalMiB;
  const others = budget.usedByOthersMiB > 0 ? ` while other processes already use ${formatMiBAsGiB(budget.usedByOthersMiB)}` : '';
  return (
    `${gpuLabel(gpu)} has ${formatMiBAsGiB(budget.totalMiB)}, but gpu-memory-utilization asks it for ${listOf(asks)}${others}: ` +
    `${formatMiBAsGiB(over)} more than it has, so vLLM would refuse to start ("Free memory on device ... is less than desired GPU memory utilization").`
  );
}

export function shortfall({ gpu, placements, freeMiB }: GpuShortfall, othersMiB: number): string {
  const needBytes = placements.reduce((sum, p) => sum + (p.needPerGpuBytes ?? 0), 0);
  const free = formatMiBAsGiB(freeMiB);
  const byOthers = othersMiB > 0 ? ` (other processes use ${formatMiBAsGiB(othersMiB)})` : '';
  // Within 0.01 of the GPU per server, the estimates can fit the bytes and still not fit in whole hundredths.
  const but = needBytes <= freeMiB * MiB ? `and ${free} are free${byOthers}: too tight to run` : `but only ${free} are free${byOthers}`;
  const advice = 'Use a smaller or quantized model, lower max-model-len, put the servers on different GPUs, or free memory on the GPU.';
  if (placements.length === 1) return `${placements[0]!.server.name} needs about ${formatGiB(needBytes)} on ${gpuLabel(gpu)} ${but}. ${advice}`;
  const each = listOf(placements.map((p) => `${p.server.name} (about ${formatGiB(p.needPerGpuBytes ?? 0)})`));
  const forAll = placements.length === 2 ? 'both' : `all ${placements.length}`;
  return `${each} need about ${formatGiB(needBytes)} together on ${gpuLabel(gpu)} ${but.replace('are free', `are free for ${forAll}`)}. ${advice}`;
}

/** One sentence per server, however many of its GPUs (tensor parallel) fall short. */
export function requestBelowEstimate(placement: Placement, gpus: GpuInfo[]): string {
  const { name, requestedUtilization, estimate } = placement.server;
  const sequence = estimate.maxModelLen !== null ? `one sequence of ${estimate.maxModelLen} tokens` : 'one sequence';
  const gpu = gpus[0]!;
  const where = gpus.length === 1 ? `on ${gpuLabel(gpu)}` : `on each of GPUs ${listOf(gpus.map((g) => String(g.index)))}`;
  return (
    `${name} needs about ${formatGiB(placement.needPerGpuBytes ?? 0)} ${where} but gpu-memory-utilization ${fraction(requestedUtilization)} gives it ` +
    `${formatMiBAsGiB(requestedMiB(placement, gpu))}: too little for its weights and the KV cache of ${sequence}.`
  );
}

export function missingGpus(placement: Placement, gpus: GpuInfo[]): string {
  const listed = gpus.length === 0 ? 'no GPU' : `GPU ${listOf(gpus.map((gpu) => String(gpu.index)))}`;
  return `${placement.server.name} is set to GPU ${listOf(placement.missing.map(String))}, which nvidia-smi does not list (it lists ${listed}). Choose a listed GPU in the profile.`;
}

export function tooFewGpus(placement: Placement): string {
  const { name, tensorParallelSize } = placement.server;
  const visible = placement.gpus.length + placement.missing.length;
  return `${name} uses tensor-parallel size ${tensorParallelSize} but only ${visible} GPU${visible === 1 ? ' is' : 's are'} visible to it. Lower the tensor-parallel size or give it more GPUs.`;
}

export function memoryNotReported(gpu: GpuInfo): string {
  return `${gpuLabel(gpu)} does not report its memory to nvidia-smi, so Pairwise cannot check it; launching there is still allowed.`;
}

/** The biggest other users of GPU memory, as something to stop. */
export function stopOthers(others: GpuProcess[], gpuCount: number): string | null {
  const named = others.filter((p) => p.usedMemoryMiB > 0).slice(0, 3);
  if (named.length === 0) return null;
  const where = gpuCount > 1 ? ' (nvidia-smi does not say on which GPU)' : '';
  const list = named.map((p) => `the process '${p.processName}' (pid ${p.pid}) using ${formatMiBAsGiB(p.usedMemoryMiB)}`);
  return `To free GPU memory, stop ${named.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`}${where}.`;
}

export function suggestion(placement: Placement, utilization: number): string {
  const { name, requestedUtilization } = placement.server;
  const verb = utilization < requestedUtilization ? 'Lower' : 'Raise';
  const gpu = placement.gpus[0]!;
  const where = placement.gpus.length === 1 ? `of GPU ${gpu.index}` : `on each of GPUs ${listOf(placement.gpus.map((g) => String(g.index)))}`;
  return `${verb} ${name}'s gpu-memory-utilization to ${fraction(utilization)} (${formatMiBAsGiB(utilization * gpu.memoryTotalMiB)} ${where}).`;
}

export function sizeUnknown(placement: Placement): string {
  const why = placement.server.estimate.notes.find((note) => note.includes('unknown')) ?? 'no estimate';
  return `${placement.server.name}'s memory need is unknown (${why}), so its suggestion only keeps the GPU within bounds.`;
}

export function estimateOnly(placement: Placement): string | null {
  if (placement.needPerGpuBytes === null) return null;
  const perGpu = Math.max(1, placement.server.tensorParallelSize) > 1 ? ' on each GPU' : '';
  return `${placement.server.name} needs about ${formatGiB(placement.needPerGpuBytes)}${perGpu} (estimate).`;
}

export function notChecked(reason: string): string {
  return `Pairwise could not check GPU memory: ${reason} Launching is still allowed; if a server stops with an out-of-memory error, lower its gpu-memory-utilization.`;
}
