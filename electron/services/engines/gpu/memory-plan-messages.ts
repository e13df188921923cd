// The plan in plain sentences: GiB with one decimal, names as the profiles give them, and something to do.
import type { GpuInfo, GpuProcess, MemoryProposal } from '../../../shared/gpu';
import type { FitServer, GpuFit, ServerFit } from './memory-fit';
import type { Placement } from './memory-placement';
import { formatGiB, formatMiBAsGiB, formatTokens, listOf, MiB } from './units';

const gpuLabel = (gpu: GpuInfo): string => `GPU ${gpu.index} (${gpu.name})`;
const fraction = (value: number): string => value.toFixed(2);
const tokens = formatTokens;


export function refusal(server: FitServer, why: string): string {
  return `${server.name} cannot start as configured: ${why}`;
}

/** A server whose budget cannot hold its weights, activations and one max-length sequence. */
export function budgetShort(server: FitServer, fit: ServerFit): string {
  const { estimate, name, utilization } = server;
  const tp = Math.max(1, server.tensorParallelSize);
  const parts = [`weights ${formatGiB((estimate.weightsBytes ?? 0) / tp)}`, `activations up to ${formatGiB(estimate.activationBytes)}`];
  if (estimate.kvBytesPerGpu !== null) parts.push(`KV cache of one ${tokens(estimate.maxModelLen ?? 0)}-token sequence ${formatGiB(estimate.kvBytesPerGpu)}`);
  const noRoom = (estimate.weightsBytes ?? 0) / tp + estimate.activationBytes >= (fit.budgetBytes ?? 0);
  const vllmSays = noRoom ? '"No available memory for the cache blocks"' : '"To serve at least one request with the models\'s max seq len ... KV cache is needed"';
  const where = server.gpus.length === 1 ? `on ${gpuLabel(server.gpus[0]!)}` : `on each of its ${server.gpus.length} GPUs`;
  return `${name} needs about ${formatGiB(fit.needBytes ?? 0)} ${where} (${listOf(parts)}), but gpu-memory-utilization ${fraction(utilization)} gives it ${formatGiB(fit.budgetBytes ?? 0)}: vLLM would stop with ${vllmSays}.`;
}

/** Servers that fit one by one but not together. */
export function gpuOver(fit: GpuFit, servers: FitServer[], othersMiB: number): string {
  const here = servers.filter((s) => s.gpus.includes(fit.gpu));
  const holds = here.map((s) => `${s.name} about ${formatGiB(s.estimate.contextBytes + s.utilization * fit.gpu.memoryTotalMiB * MiB + s.estimate.cudaGraphBytes)} (${fraction(s.utilization)} of the GPU plus its CUDA context${s.estimate.cudaGraphBytes > 0 ? ' and graphs' : ''})`);
  const others = othersMiB > 0 ? `; other processes and the driver take ${formatMiBAsGiB(othersMiB)}` : '';
  const second = here.length > 1 ? 'Whichever starts second' : 'It';
  return (
    `${gpuLabel(fit.gpu)} has ${formatMiBAsGiB(fit.gpu.memoryTotalMiB)}${others}. Once ready, ${listOf(holds)}: ${formatMiBAsGiB(Math.max(0, fit.overMiB))} more than it can give. ` +
    `${second} stops with "Free memory on device ... is less than desired GPU memory utilization", or runs out of memory capturing CUDA graphs.`
  );
}

/** The utilizations alone ask for more than the GPU has: no model size changes that. */
export function requestOver(fit: GpuFit, servers: FitServer[], othersMiB: number): string {
  const here = servers.filter((s) => s.gpus.includes(fit.gpu));
  const sum = here.reduce((total, s) => total + s.utilization, 0);
  const asks = here.length > 1 ? `${here.map((s) => fraction(s.utilization)).join(' + ')} = ${fraction(sum)}` : fraction(sum);
  const others = othersMiB > 0 ? `, while other processes and the driver take ${formatMiBAsGiB(othersMiB)},` : '';
  return `gpu-memory-utilization asks ${gpuLabel(fit.gpu)} for ${asks} of its ${formatMiBAsGiB(fit.gpu.memoryTotalMiB)}${others} so ${here.length > 1 ? 'the second server to start' : 'the server'} can never pass vLLM's start-up check, whatever the models' sizes.`;
}

export function loadOver(server: FitServer, gpu: GpuInfo, overMiB: number): string {
  return (
    `${server.name} first loads its 16-bit weights (${formatGiB(server.estimate.loadPeakBytes ?? 0)}) and only then quantizes them to fp8: next to the other servers that is ` +
    `${formatMiBAsGiB(overMiB)} more than ${gpuLabel(gpu)} has. Launch it before the others, or use a pre-quantized checkpoint.`
  );
}

/** Why a sum of utilizations above 1 can never start (the study's two servers at 0.9 each). */
export function sumAboveOne(gpu: GpuInfo, servers: FitServer[]): string {
  const here = servers.filter((s) => s.gpus.includes(gpu));
  const sum = here.reduce((total, s) => total + s.utilization, 0);
  return (
    `${here.length} servers at ${listOf(here.map((s) => fraction(s.utilization)))} ask for ${fraction(sum)} of ${gpuLabel(gpu)}: gpu-memory-utilization is each server's share of the whole GPU, ` +
    `so together they can have at most 1.00, less what other processes and their CUDA contexts and graphs use.`
  );
}

/** Why a context whose KV cache alone exceeds the GPU can never start (the study's 262,144 tokens on 24 GB). */
export function contextBeyondGpu(server: FitServer, gpu: GpuInfo): string {
  const { estimate } = server;
  return (
    `A ${tokens(estimate.maxModelLen ?? 0)}-token context needs ${formatGiB(estimate.kvBytesPerGpu ?? 0)} of KV cache for one sequence of ${server.name}${server.tensorParallelSize > 1 ? ' on each GPU' : ''}, ` +
    `more than all of ${gpuLabel(gpu)}'s ${formatMiBAsGiB(gpu.memoryTotalMiB)}: vLLM refuses to start until max-model-len is lower.`
  );
}

export function atTheMost(problem: string): string {
  return `If activations, CUDA contexts and graphs take the most they can: ${problem}`;
}

export function cannotTellFor(server: FitServer, what: string): string {
  return `Can't tell for ${server.name}: ${what}`;
}

export function unknownSize(server: FitServer): string {
  const from = server.estimate.source === 'name' ? ` Its size is ${server.estimate.sourceLabel}, not known.` : '';
  return `Can't tell for ${server.name}:${from} ${server.estimate.unknowns.join(' ')}`;
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

export function notChecked(reason: string): string {
  return `Pairwise could not check GPU memory: ${reason} Launching is still allowed; if a server stops with an out-of-memory error, lower its gpu-memory-utilization.`;
}

export const VERDICT_REASONS = {
  fits: 'Every server\'s weights, KV cache and overheads are known, and together they fit on their GPUs with room to spare.',
  doesNotFit: 'As configured, at least one server cannot start: the numbers are below.',
  unchecked: 'nvidia-smi did not answer, so GPU memory could not be checked.',
  tooClose:
    'Too close to call: every size is known, and the servers fit if activations, CUDA contexts and graphs take the least they can, but not if they take the most. Leave a little more room (the proposal below does).',
} as const;

export function cannotTell(names: string[]): string {
  return `Pairwise cannot tell whether they fit: the memory need of ${listOf(names)} is not known.`;
}

/** "a 48 GB", "an 80 GB": the article as the figure is spoken. */
const aCard = (card: string): string => `${/^(8|11|18)/.test(card) ? 'an' : 'a'} ${card}`;

export function largerFitsAsIs(card: string): string {
  return `On ${aCard(card)} GPU they fit as configured.`;
}

const STEP_WORDS: Record<MemoryProposal['kind'], string> = {
  utilization: 'other utilizations are enough',
  'max-model-len': 'they fit with a shorter context',
  quantization: 'they fit only with smaller weights',
  'second-gpu': 'they need a second GPU',
};

export function largerWith(card: string, proposal: MemoryProposal): string {
  const what = proposal.changes.map((c) => [c.name, c.gpuMemoryUtilization !== undefined ? `${c.gpuMemoryUtilization.toFixed(2)}` : null, c.maxModelLen !== undefined ? `max-model-len ${c.maxModelLen.toLocaleString('en-US')}` : null, c.source ?? null, c.quantization ? c.quantization : null].filter(Boolean).join(' '));
  return `On ${aCard(card)} GPU ${STEP_WORDS[proposal.kind]} (${what.join('; ')}).`;
}

export function largerStillShort(card: string): string {
  return `Even ${aCard(card)} GPU would not hold them as they are.`;
}
