// The nearest configuration that fits (design §4), tried in this order: other utilizations; shorter max-model-len;
// fp8 or a known pre-quantized variant of the larger model (then of both) where the GPU supports it; a second GPU.
// Each step keeps the earlier ones' freedom: a shorter context also gets new utilizations, and so on.
import type { GpuInfo, MemoryEstimate, MemoryProposal, ProfileChange } from '../../../shared/gpu';
import { assessFit, budgetBytesOn, cudaTotalHighMiB, SAFETY_MARGIN_FRACTION, type FitServer, type GpuHolders } from './memory-fit';
import { hasMemoryFigures } from './memory-placement';
import * as say from './memory-proposal-messages';
import { lowestCapability, supportsQuantization } from './quantization-support';

/** Settings a proposal may change, and the checkpoint they apply to. */
export interface ServerSettings {
  source: string;
  maxModelLen: number | null;
  quantization: string | null;
}

/** A pre-quantized checkpoint of the same model that Pairwise knows the size of. */
export interface QuantizedVariant {
  source: string;
  method: string;
  bits: number | null;
}

export interface ProposalServer extends FitServer {
  profileId: string;
  gpuIndices: number[];
  settings: ServerSettings;
  variants: QuantizedVariant[];
  /** The estimate under other settings (another max-model-len, quantization or checkpoint). */
  reestimate(settings: ServerSettings): MemoryEstimate;
}

interface Candidate {
  servers: ProposalServer[];
}

/** Context lengths tried, longest first; below 2,048 tokens a chat turn no longer fits. */
const CONTEXT_STEPS = [131072, 65536, 32768, 16384, 8192, 4096, 2048];

export function proposeConfiguration(servers: ProposalServer[], gpus: GpuInfo[], holders: GpuHolders): MemoryProposal | null {
  const steps: [MemoryProposal['kind'], () => Candidate | null][] = [
    ['utilization', () => withUtilizations({ servers }, gpus, holders)],
    ['max-model-len', () => withContexts({ servers }, gpus, holders)],
    ['quantization', () => withQuantization({ servers }, gpus, holders)],
    ['second-gpu', () => onAnotherGpu({ servers }, gpus, holders)],
  ];
  for (const [kind, attempt] of steps) {
    const found = attempt();
    if (found) return describe(kind, servers, found, gpus, holders);
  }
  return null;
}

/** Hundredths of the GPU a server needs at the least (the largest over its GPUs); Infinity when unknown. */
function minimumHundredths(server: FitServer): number {
  const need = server.estimate.budgetNeedBytes;
  if (need === null || server.gpus.length === 0) return Infinity;
  return Math.max(...server.gpus.map((gpu) => Math.ceil((need / budgetBytesOn(1, gpu)) * 100 - 1e-9)));
}

/**
 * Utilizations that fit, as close to the profiles' as can be: every server gets at least its minimum, and the room
 * left on its GPUs is shared in proportion to what the profiles asked, never above what a profile asked if that
 * was enough.
 */
function withUtilizations(candidate: Candidate, gpus: GpuInfo[], holders: GpuHolders): Candidate | null {
  const minimums = candidate.servers.map(minimumHundredths);
  if (minimums.some((m) => !Number.isFinite(m) || m > 100)) return null;
  const atMinimum = candidate.servers.map((s, i) => ({ ...s, utilization: minimums[i]! / 100 }));
  if (!assessFit(atMinimum, gpus, holders).fits) return null;
  const spare = spareHundredths(atMinimum, gpus, holders);
  const weight = candidate.servers.reduce((sum, s) => sum + s.utilization, 0);
  const shared = atMinimum.map((s, i) => {
    const original = candidate.servers[i]!.utilization;
    const extra = Math.floor((spare * original) / weight + 1e-9);
    const hundredths = Math.min(100, minimums[i]! + extra);
    return { ...s, utilization: (original * 100 >= minimums[i]! ? Math.min(hundredths, Math.round(original * 100)) : hundredths) / 100 };
  });
  return assessFit(shared, gpus, holders).fits ? { servers: shared } : { servers: atMinimum };
}

/** Whole hundredths still free on the tightest GPU once every server holds its minimum. */
function spareHundredths(servers: FitServer[], gpus: GpuInfo[], holders: GpuHolders): number {
  const fit = assessFit(servers, gpus, holders);
  const room = fit.gpus.map((g) => Math.floor(((g.availableMiB - g.footprintMiB - SAFETY_MARGIN_FRACTION * g.gpu.memoryTotalMiB) / cudaTotalHighMiB(g.gpu)) * 100));
  return Math.max(0, Math.min(...room, 100));
}

function withSettings(server: ProposalServer, settings: ServerSettings): ProposalServer {
  return { ...server, settings, estimate: server.reestimate(settings) };
}

/** Every combination of shorter contexts (up to three servers), the one that keeps the most context first. */
function withContexts(candidate: Candidate, gpus: GpuInfo[], holders: GpuHolders): Candidate | null {
  if (candidate.servers.length > 3) return null;
  const options = candidate.servers.map((s) => {
    const current = s.estimate.maxModelLen;
    if (current === null) return [s];
    const limit = Math.min(current, s.estimate.maxPositionEmbeddings ?? current);
    const lengths = [current, ...CONTEXT_STEPS.filter((length) => length < current && length <= limit)];
    return [...new Set(lengths)].map((length) => (length === current ? s : withSettings(s, { ...s.settings, maxModelLen: length })));
  });
  let best: { candidate: Candidate; score: number } | null = null;
  for (const combination of product(options)) {
    const fitted = withUtilizations({ servers: combination }, gpus, holders);
    if (!fitted) continue;
    const score = combination.reduce((sum, s, i) => sum + Math.log2((s.estimate.maxModelLen ?? 1) / (candidate.servers[i]!.estimate.maxModelLen ?? 1)), 0);
    if (!best || score > best.score) best = { candidate: fitted, score };
  }
  return best?.candidate ?? null;
}

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])), [[]]);
}

/** The quantized forms of one server the GPU can run, most faithful first: fp8 of the same checkpoint, then variants. */
function quantizedForms(server: ProposalServer): ProposalServer[] {
  const capability = lowestCapability(server.gpus);
  if (!Number.isFinite(capability) || server.estimate.quantization !== null || server.estimate.weightsBytes === null) return [];
  const supports = (method: string): boolean => supportsQuantization(method, capability);
  const forms: ProposalServer[] = [];
  if (supports('fp8')) forms.push(withSettings(server, { ...server.settings, quantization: 'fp8' }));
  const byBits = [...server.variants].sort((a, b) => (b.bits ?? 0) - (a.bits ?? 0));
  for (const variant of byBits.filter((v) => supports(v.method))) forms.push(withSettings(server, { ...server.settings, source: variant.source, quantization: null }));
  return forms;
}

function withQuantization(candidate: Candidate, gpus: GpuInfo[], holders: GpuHolders): Candidate | null {
  const order = candidate.servers.map((s, i) => ({ i, weights: s.estimate.weightsBytes ?? 0 })).sort((a, b) => b.weights - a.weights);
  const largest = order[0];
  if (!largest) return null;
  const tryForms = (servers: ProposalServer[]): Candidate | null => withUtilizations({ servers }, gpus, holders) ?? withContexts({ servers }, gpus, holders);
  for (const form of quantizedForms(candidate.servers[largest.i]!)) {
    const found = tryForms(candidate.servers.map((s, i) => (i === largest.i ? form : s)));
    if (found) return found;
  }
  // Then both (every server), each in its most faithful form that the GPU runs.
  const all = candidate.servers.map((s) => quantizedForms(s)[0] ?? s);
  return all.some((s, i) => s !== candidate.servers[i]) ? tryForms(all) : null;
}

/** Moves the smaller of two servers sharing a GPU to the GPU with the most memory left. */
function onAnotherGpu(candidate: Candidate, gpus: GpuInfo[], holders: GpuHolders): Candidate | null {
  const { servers } = candidate;
  if (servers.length !== 2 || servers.some((s) => s.tensorParallelSize > 1 || s.gpus.length !== 1) || servers[0]!.gpus[0] !== servers[1]!.gpus[0]) return null;
  const shared = servers[0]!.gpus[0]!;
  const spare = gpus.filter((gpu) => gpu !== shared && hasMemoryFigures(gpu)).sort((a, b) => freeMiB(b, holders) - freeMiB(a, holders))[0];
  if (!spare) return null;
  const smaller = (servers[0]!.estimate.weightsBytes ?? 0) <= (servers[1]!.estimate.weightsBytes ?? 0) ? 0 : 1;
  const moved = servers.map((s, i) => (i === smaller ? { ...s, gpus: [spare], gpuIndices: [spare.index] } : s));
  return withUtilizations({ servers: moved }, gpus, holders) ?? withContexts({ servers: moved }, gpus, holders);
}

const freeMiB = (gpu: GpuInfo, holders: GpuHolders): number => gpu.memoryTotalMiB - (holders.others.get(gpu.index) ?? 0) - (holders.own?.get(gpu.index) ?? 0);

function describe(kind: MemoryProposal['kind'], before: ProposalServer[], found: Candidate, gpus: GpuInfo[], holders: GpuHolders): MemoryProposal {
  const fit = assessFit(found.servers, gpus, holders);
  const changes = found.servers.map((s, i) => changeOf(before[i]!, s)).filter((c): c is ProfileChange => c !== null);
  const after = found.servers.map((s, i) => ({
    profileId: s.profileId,
    name: s.name,
    maxModelLen: s.estimate.maxModelLen ?? 0,
    kvTokens: fit.servers[i]!.kvTokens ?? 0,
    concurrency: fit.servers[i]!.concurrency ?? 0,
  }));
  const held = fit.gpus.map((g) => ({ gpu: g.gpu, footprintMiB: g.footprintMiB }));
  return { kind, summary: say.summary(kind, held), changes, givesUp: say.givesUp(before, found.servers, after), after };
}

function changeOf(before: ProposalServer, after: ProposalServer): ProfileChange | null {
  const change: ProfileChange = { profileId: before.profileId, name: before.name };
  if (Math.abs(after.utilization - before.utilization) > 1e-9) change.gpuMemoryUtilization = after.utilization;
  if (after.settings.maxModelLen !== before.settings.maxModelLen && after.settings.maxModelLen !== null) change.maxModelLen = after.settings.maxModelLen;
  if (after.settings.quantization !== before.settings.quantization) change.quantization = after.settings.quantization;
  if (after.settings.source !== before.settings.source) change.source = after.settings.source;
  if (after.gpuIndices.join() !== before.gpuIndices.join()) change.gpuIndices = after.gpuIndices;
  return Object.keys(change).length > 2 ? change : null;
}
