// Will these servers fit on these GPUs (design §4)? Three answers: fits (every size known, and every server's
// budget and every GPU's total hold, by vLLM's accounting in memory-fit.ts), does not fit (a problem among known
// sizes, or utilizations no size could satisfy), and can't tell (a size is unknown). When it does not fit, the
// nearest configuration that does is proposed (memory-proposal.ts).
import type { GpuBudget, GpuInfo, GpuProbe, MemoryEstimate, MemoryPlan, MemoryVerdict, PlannedServer } from '../../../shared/gpu';
import { assessFit, isKnown, type FitResult, type FitServer, type GpuHolders } from './memory-fit';
import { hasMemoryFigures, isMisplaced, memoryOfOthers, otherProcesses, ownMemoryByGpu, placeServer, type Placement, type PlanServerInput } from './memory-placement';
import * as say from './memory-plan-messages';
import { proposeConfiguration, type ProposalServer, type QuantizedVariant, type ServerSettings } from './memory-proposal';
import { MiB } from './units';

export type { PlanServerInput } from './memory-placement';

/** A server as the planner sees it, with what a proposal may change about it. */
export interface PlannableServer extends PlanServerInput {
  settings?: ServerSettings;
  variants?: QuantizedVariant[];
  reestimate?(settings: ServerSettings): MemoryEstimate;
}

export interface PlanInput {
  probe: GpuProbe;
  servers: PlannableServer[];
  /**
   * Pids of this plan's servers that are already running, including their EngineCore / worker children (those,
   * not the API server, hold the GPU memory): their memory is theirs, not "others".
   */
  ownPids?: number[];
}

export function planMemory(input: PlanInput): MemoryPlan {
  const { probe } = input;
  if (!probe.available) return uncheckedPlan(input.servers, probe.message);
  const ownPids = new Set(input.ownPids ?? []);
  const placements = input.servers.map((server) => placeServer(server, probe.gpus));
  const othersByGpu = memoryOfOthers(probe, ownPids, placements);
  const holders: GpuHolders = { others: othersByGpu, own: ownMemoryByGpu(probe, ownPids, placements) };
  const fitServers = placements.map(fitServerOf);
  // Messages and the figures shown come from the upper bound; "does not fit" must hold even at the lower one.
  const fit = assessFit(fitServers, probe.gpus, holders, 'upper');
  const lower = assessFit(fitServers, probe.gpus, holders, 'lower');
  const misplaced = placements.filter(isMisplaced);
  const unreported = probe.gpus.filter((gpu) => !hasMemoryFigures(gpu) && placements.some((p) => p.gpus.includes(gpu)));
  const verdict: MemoryVerdict = misplaced.length > 0 || lower.certainProblem ? 'does-not-fit' : fit.fits && unreported.length === 0 ? 'fits' : 'unknown';
  const tooClose = verdict === 'unknown' && fit.known && unreported.length === 0;
  const proposal = verdict !== 'fits' && misplaced.length === 0 && fit.known ? proposeConfiguration(proposalServers(input.servers, placements), probe.gpus, holders) : null;

  const problems = [...misplaced.map((p) => (p.missing.length > 0 ? say.missingGpus(p, probe.gpus) : say.tooFewGpus(p))), ...problemSentences(fit, fitServers, othersByGpu)];
  // A refused server is explained by its refusal; an unknown size has nothing more to say about it.
  const unknown = [
    ...fitServers.filter((s) => !isKnown(s.estimate) && s.estimate.refusals.length === 0).map(say.unknownSize),
    ...fit.servers.flatMap((f, i) => f.unknowns.map((u) => say.cannotTellFor(fitServers[i]!, u))),
  ];
  const crowded = verdict !== 'fits' && fit.gpus.some((g) => g.overMiB > 0 || g.requestOverMiB > 0);
  const freeUp = crowded ? say.stopOthers(otherProcesses(probe.processes, ownPids), probe.gpus.length) : null;
  // Too close to call: the problems hold only at the upper estimates, and say so.
  const shownProblems = tooClose ? problems.map(say.atTheMost) : problems;
  const messages = [...shownProblems, ...explanations(fit, fitServers), ...unknown, ...(freeUp ? [freeUp] : []), ...unreported.map(say.memoryNotReported)];
  const unknownNames = fitServers.filter((s, i) => !isKnown(s.estimate) || fit.servers[i]!.unknowns.length > 0).map((s) => s.name);
  const reason =
    verdict === 'fits'
      ? say.VERDICT_REASONS.fits
      : verdict === 'does-not-fit'
        ? say.VERDICT_REASONS.doesNotFit
        : tooClose
          ? say.VERDICT_REASONS.tooClose
          : say.cannotTell(unknownNames.length > 0 ? unknownNames : unreported.map((g) => `the servers on GPU ${g.index}`));
  const largerGpus = verdict !== 'fits' && misplaced.length === 0 && fit.known ? onLargerGpus(proposalServers(input.servers, placements), holders) : [];
  return { checked: true, verdict, verdictReason: reason, gpus: budgets(fit, lower, othersByGpu, unreported, placements), servers: placements.map((p, i) => planned(p, fit, i)), messages, proposal, largerGpus };
}

/** The cards a user would move up to, as nvidia-smi reports them (MiB). */
const LARGER_CARDS = [
  { label: '48 GB', totalMiB: 49140 },
  { label: '80 GB', totalMiB: 81920 },
];

/**
 * What a bigger card changes, for a single-GPU plan: the same servers and the same memory used by others, on a
 * card of 48 GB, then 80 GB (only those bigger than the GPU there is).
 */
function onLargerGpus(servers: ProposalServer[], holders: GpuHolders): string[] {
  const used = [...new Set(servers.flatMap((s) => s.gpus))];
  if (used.length !== 1) return [];
  const gpu = used[0]!;
  return LARGER_CARDS.filter((card) => card.totalMiB > gpu.memoryTotalMiB).map((card) => {
    // The driver's reserve grows with the card; the memory others use does not.
    const reserved = Math.round(((gpu.memoryTotalMiB - gpu.memoryUsedMiB - gpu.memoryFreeMiB) / gpu.memoryTotalMiB) * card.totalMiB);
    const othersBeyondReserve = (holders.others.get(gpu.index) ?? 0) - (gpu.memoryTotalMiB - gpu.memoryUsedMiB - gpu.memoryFreeMiB);
    const bigger: GpuInfo = { ...gpu, memoryTotalMiB: card.totalMiB, memoryFreeMiB: card.totalMiB - gpu.memoryUsedMiB - reserved };
    const moved = servers.map((s) => ({ ...s, gpus: [bigger] }));
    const onBigger: GpuHolders = { others: new Map([[gpu.index, reserved + othersBeyondReserve]]), own: holders.own };
    if (assessFit(moved, [bigger], onBigger).fits) return say.largerFitsAsIs(card.label);
    const proposal = proposeConfiguration(moved, [bigger], onBigger);
    return proposal ? say.largerWith(card.label, proposal) : say.largerStillShort(card.label);
  });
}

function fitServerOf(placement: Placement): FitServer {
  const { name, tensorParallelSize, requestedUtilization, estimate, running } = placement.server;
  return { name, gpus: placement.gpus, tensorParallelSize, utilization: requestedUtilization, estimate, running: running === true };
}

function proposalServers(servers: PlannableServer[], placements: Placement[]): ProposalServer[] {
  return placements.map((placement, i) => {
    const server = servers[i]!;
    const settings = server.settings ?? { source: '', maxModelLen: server.estimate.maxModelLen, quantization: null };
    return {
      ...fitServerOf(placement),
      profileId: server.profileId,
      gpuIndices: server.gpuIndices,
      settings,
      variants: server.variants ?? [],
      reestimate: server.reestimate ?? (() => server.estimate),
    };
  });
}

function problemSentences(fit: FitResult, servers: FitServer[], othersByGpu: Map<number, number>): string[] {
  const refused = fit.servers.flatMap((f, i) => f.refusals.map((r) => say.refusal(servers[i]!, r)));
  const short = fit.servers.flatMap((f, i) => (f.shortBytes > 0 ? [say.budgetShort(servers[i]!, f)] : []));
  const gpus = fit.gpus.flatMap((g) => {
    const others = othersByGpu.get(g.gpu.index) ?? 0;
    if (g.requestOverMiB > 0) return [say.requestOver(g, servers, others)];
    if (!g.known) return [];
    return [...(g.overMiB > 0 ? [say.gpuOver(g, servers, others)] : []), ...g.loadOver.map((l) => say.loadOver(servers[l.server]!, g.gpu, l.overMiB))];
  });
  return [...refused, ...short, ...gpus];
}

/** One sentence each for settings that can never start, like the sample study's (design §4). */
function explanations(fit: FitResult, servers: FitServer[]): string[] {
  const aboveOne = fit.gpus.filter((g) => servers.filter((s) => s.gpus.includes(g.gpu)).reduce((sum, s) => sum + s.utilization, 0) > 1 + 1e-9).map((g) => say.sumAboveOne(g.gpu, servers));
  const longContexts = servers.flatMap((s) => {
    const kvPerGpu = s.estimate.kvBytesPerGpu;
    const gpu = s.gpus.find((g) => hasMemoryFigures(g) && kvPerGpu !== null && kvPerGpu > g.memoryTotalMiB * MiB);
    return gpu ? [say.contextBeyondGpu(s, gpu)] : [];
  });
  return [...aboveOne, ...longContexts];
}

function budgets(fit: FitResult, lower: FitResult, othersByGpu: Map<number, number>, unreported: GpuInfo[], placements: Placement[]): GpuBudget[] {
  const checked = fit.gpus.map((g, i) => {
    const low = lower.gpus[i]!;
    // A server here that cannot start on its own settles this GPU too.
    const serverFails = low.servers.some((k) => lower.servers[k]!.shortBytes > 0 || lower.servers[k]!.refusals.length > 0);
    const certain = serverFails || low.requestOverMiB > 0 || (low.known && (low.overMiB > 0 || low.loadOver.length > 0));
    const clear = g.known && g.requestOverMiB <= 0 && g.overMiB <= 0 && g.loadOver.length === 0;
    return {
      index: g.gpu.index,
      name: g.gpu.name,
      totalMiB: g.gpu.memoryTotalMiB,
      usedByOthersMiB: othersByGpu.get(g.gpu.index) ?? 0,
      requestedMiB: Math.ceil(g.requestedMiB - 1e-9),
      footprintMiB: Math.ceil(g.footprintMiB - 1e-9),
      computeCapability: g.gpu.computeCapability,
      profileIds: g.servers.map((k) => placements[k]!.server.profileId),
      verdict: (certain ? 'does-not-fit' : clear ? 'fits' : 'unknown') as MemoryVerdict,
    };
  });
  // GPUs the servers use that report no memory: nothing to check there, and not a check mark either.
  return checked.concat(
    unreported.map((gpu) => ({ index: gpu.index, name: gpu.name, totalMiB: 0, usedByOthersMiB: 0, requestedMiB: 0, footprintMiB: 0, computeCapability: gpu.computeCapability, profileIds: placements.filter((p) => p.gpus.includes(gpu)).map((p) => p.server.profileId), verdict: 'unknown' as MemoryVerdict })),
  );
}

function planned(placement: Placement, fit: FitResult | null, i: number): PlannedServer {
  const { profileId, name, gpuIndices, requestedUtilization, tensorParallelSize, estimate } = placement.server;
  const f = fit?.servers[i];
  return { profileId, name, gpuIndices, requestedUtilization, tensorParallelSize, estimate, budgetBytes: f?.budgetBytes ?? null, kvTokens: f?.kvTokens ?? null, concurrency: f?.concurrency ?? null };
}

/** Without nvidia-smi nothing can be checked; launching stays allowed and vLLM's own check has the last word. */
function uncheckedPlan(servers: PlanServerInput[], reason: string): MemoryPlan {
  const placements = servers.map((server) => placeServer(server, []));
  return {
    checked: false,
    verdict: 'unknown',
    verdictReason: say.VERDICT_REASONS.unchecked,
    gpus: [],
    servers: placements.map((p, i) => planned(p, null, i)),
    messages: [say.notChecked(reason)],
    proposal: null,
    largerGpus: [],
  };
}
