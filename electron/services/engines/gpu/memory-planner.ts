// Will these servers fit on these GPUs (design §4, vllm-facts.md "Launch")? Each vLLM server takes
// gpu-memory-utilization x the TOTAL memory of every GPU it computes on, and its startup check fails when the
// free memory is below that. Free memory already excludes what other processes hold, including a server of this
// plan that is running (ownPids), so per GPU: sum of util x total of the planned servers + others <= total.
import type { GpuBudget, GpuInfo, GpuProbe, MemoryPlan, PlannedServer } from '../../../shared/gpu';
import * as say from './memory-plan-messages';
import { bytesOfGpu, hasMemoryFigures, notFreeMiB, otherProcesses, ownMemoryByGpu, placeServer, requestedMiB, serversOn, type Placement, type PlanServerInput } from './memory-placement';
import { adjustableServers, suggestUtilizations } from './memory-suggest';

export type { PlanServerInput } from './memory-placement';

export interface PlanInput {
  probe: GpuProbe;
  servers: PlanServerInput[];
  /**
   * Pids of this plan's servers that are already running, including their EngineCore / worker children (those,
   * not the API server, hold the GPU memory): their memory is theirs, not "others".
   */
  ownPids?: number[];
}

type AvailableProbe = Extract<GpuProbe, { available: true }>;

export function planMemory(input: PlanInput): MemoryPlan {
  const { probe } = input;
  if (!probe.available) return uncheckedPlan(input.servers, probe.message);
  const ownPids = new Set(input.ownPids ?? []);
  const placements = input.servers.map((server) => placeServer(server, probe.gpus));
  const othersByGpu = memoryOfOthers(probe, ownPids, placements);
  const budgets = probe.gpus.map((gpu) => budgetFor(gpu, serversOn(gpu, placements), othersByGpu.get(gpu.index) ?? 0));
  const belowEstimate = placements.map((p) => ({ p, gpus: p.gpus.filter((gpu) => requestBelowEstimate(p, gpu)) })).filter(({ gpus }) => gpus.length > 0);
  const troubled = [...probe.gpus.filter((_, i) => !budgets[i]!.fits), ...belowEstimate.flatMap(({ gpus }) => gpus)];
  const suggestions = suggestUtilizations(placements, probe.gpus, othersByGpu, adjustableServers(placements, troubled));
  const shortGpus = new Set(suggestions.shortfalls.map((s) => s.gpu));
  const misplaced = placements.filter((p) => p.missing.length > 0 || p.shortOfGpus > 0);
  const fits = budgets.every((b) => b.fits) && misplaced.length === 0 && belowEstimate.length === 0;

  const problems = [
    ...misplaced.map((p) => (p.missing.length > 0 ? say.missingGpus(p, probe.gpus) : say.tooFewGpus(p))),
    ...budgets.flatMap((b, i) => (b.fits ? [] : [say.overBudget(probe.gpus[i]!, b, serversOn(probe.gpus[i]!, placements))])),
    ...suggestions.shortfalls.map((s) => say.shortfall(s, othersByGpu.get(s.gpu.index) ?? 0)),
    // Where even the estimates do not fit, the shortfall already says it.
    ...belowEstimate.filter(({ gpus }) => !gpus.some((gpu) => shortGpus.has(gpu))).map(({ p, gpus }) => say.requestBelowEstimate(p, gpus)),
  ];
  const crowded = budgets.some((b) => !b.fits) || suggestions.shortfalls.length > 0;
  const freeUp = crowded ? say.stopOthers(otherProcesses(probe.processes, ownPids), probe.gpus.length) : null;
  const notes = probe.gpus.filter((gpu) => !hasMemoryFigures(gpu) && serversOn(gpu, placements).length > 0).map(say.memoryNotReported);

  // Servers with no problem on their GPUs keep what they asked for; the others get a suggestion, or null.
  const servers = placements.map((p) => planned(p, suggestions.utilizations.get(p) ?? null));
  const advice = placements.flatMap((p, i) => suggestionSentences(p, servers[i]!.suggestedUtilization));
  return { checked: true, gpus: budgets, servers, fits, messages: [...problems, ...(freeUp ? [freeUp] : []), ...advice, ...notes] };
}

/**
 * Everything not free on a GPU, less this plan's running servers. total - free rather than "used": recent drivers
 * report the memory they reserve in neither used nor free, and vLLM's check reads the free figure.
 */
function memoryOfOthers(probe: AvailableProbe, ownPids: ReadonlySet<number>, placements: Placement[]): Map<number, number> {
  const own = ownMemoryByGpu(probe, ownPids, placements);
  return new Map(probe.gpus.map((gpu) => [gpu.index, Math.max(0, notFreeMiB(gpu) - (own.get(gpu.index) ?? 0))]));
}

function budgetFor(gpu: GpuInfo, here: Placement[], usedByOthersMiB: number): GpuBudget {
  // Whole MiB, rounded up as vLLM rounds its request up to whole bytes.
  const requested = Math.max(0, Math.ceil(here.reduce((sum, p) => sum + requestedMiB(p, gpu), 0) - 1e-9));
  // A GPU that does not report its memory cannot be checked; it is not counted against the plan.
  const fits = !hasMemoryFigures(gpu) || requested + usedByOthersMiB <= gpu.memoryTotalMiB;
  return { index: gpu.index, name: gpu.name, totalMiB: gpu.memoryTotalMiB, usedByOthersMiB, requestedMiB: requested, fits };
}

function requestBelowEstimate(placement: Placement, gpu: GpuInfo): boolean {
  const need = placement.needPerGpuBytes;
  return need !== null && hasMemoryFigures(gpu) && need > placement.server.requestedUtilization * bytesOfGpu(gpu);
}

function suggestionSentences(placement: Placement, utilization: number | null): string[] {
  if (utilization === null || utilization === placement.server.requestedUtilization || placement.gpus.length === 0) return [];
  return [say.suggestion(placement, utilization), ...(placement.needPerGpuBytes === null ? [say.sizeUnknown(placement)] : [])];
}

function planned(placement: Placement, suggestedUtilization: number | null): PlannedServer {
  const { profileId, name, gpuIndices, requestedUtilization, estimate } = placement.server;
  return { profileId, name, gpuIndices, requestedUtilization, estimate, suggestedUtilization };
}

/** Without nvidia-smi nothing can be checked; launching stays allowed and vLLM's own check has the last word. */
function uncheckedPlan(servers: PlanServerInput[], reason: string): MemoryPlan {
  const placements = servers.map((server) => placeServer(server, []));
  const estimates = placements.map(say.estimateOnly).filter((m): m is string => m !== null);
  return { checked: false, gpus: [], servers: placements.map((p) => planned(p, null)), fits: true, messages: [say.notChecked(reason), ...estimates] };
}
