// Joins the GPU probe, each model's sizes and the profiles' settings into the memory plan (design §4). Sizes come
// from the best source that has them: the Hugging Face cache or a local folder, then the facts shipped with
// Pairwise, then the parameter count in the name (an estimate, never enough for "fits").
import type { CachedModel, GpuInfo, GpuProbe, MemoryPlan } from '../../shared/gpu';
import { isLocalModelSource } from '../../shared/paths';
import type { VllmProfile } from '../../shared/profiles';
import { readLocalModel, scanHfCache } from '../models/hf-cache';
import { parametersFromName, quantizedVariantsOf, shapeOfFact, shippedFact } from '../models/model-facts';
import { estimateMemory, type ModelSizes } from './gpu/memory-estimate';
import { defaultProfileRun } from './gpu/memory-overheads';
import { planMemory, type PlannableServer } from './gpu/memory-planner';
import type { ServerSettings } from './gpu/memory-proposal';
import { probeGpus } from './gpu/nvidia-smi';

export interface MemoryCheckInput {
  profiles: VllmProfile[];
  /** Pids (all group members) of the servers among `profiles` that already run: their memory is not "others'". */
  ownPids: number[];
  /** Ids of the profiles among `profiles` whose servers run (or are starting): counted at what they hold. */
  running: string[];
  env: NodeJS.ProcessEnv;
}

/** Reads the GPUs and the models' sizes, and plans the servers together. */
export async function checkMemory(input: MemoryCheckInput): Promise<MemoryPlan> {
  const [probe, cache] = await Promise.all([probeGpus({ env: input.env }), cachedModels(input.profiles, input.env)]);
  const servers = await Promise.all(input.profiles.map((profile) => plannable(profile, probe, cache, input.env)));
  const running = new Set(input.running);
  return planMemory({ probe, servers: servers.map((s) => ({ ...s, running: running.has(s.profileId) })), ownPids: input.ownPids });
}

/** The HF cache is scanned once per check, and only when some profile (or a variant) names a hub id. */
async function cachedModels(profiles: VllmProfile[], env: NodeJS.ProcessEnv): Promise<CachedModel[]> {
  if (profiles.every((p) => isLocalModelSource(p.source))) return [];
  return (await scanHfCache({ env })).models;
}

async function plannable(profile: VllmProfile, probe: GpuProbe, cache: CachedModel[], env: NodeJS.ProcessEnv): Promise<PlannableServer> {
  const gpu = firstGpu(profile, probe);
  const flags = launchFlags(profile.extraArgs);
  const profileRun = defaultProfileRun(gpu ? { name: gpu.name, totalMiB: gpu.memoryTotalMiB } : null, flags);
  const sizesFor = async (source: string): Promise<ModelSizes> => modelSizes(source, cache, env);
  const sizeCache = new Map<string, ModelSizes>([[profile.source, await sizesFor(profile.source)]]);
  const variants = quantizedVariantsOf(profile.source);
  for (const variant of variants) sizeCache.set(variant.id, await sizesFor(variant.id));
  const estimateWith = (settings: ServerSettings) =>
    estimateMemory({
      sizes: sizeCache.get(settings.source) ?? noSizes(settings.source),
      maxModelLen: settings.maxModelLen,
      dtype: profile.dtype,
      quantization: settings.quantization,
      kvCacheDtype: flags.kvCacheDtype,
      enforceEager: flags.enforceEager,
      tensorParallelSize: profile.tensorParallelSize,
      profileRun,
      allowLongMaxModelLen: (profile.env.VLLM_ALLOW_LONG_MAX_MODEL_LEN ?? env.VLLM_ALLOW_LONG_MAX_MODEL_LEN) === '1',
    });
  const settings: ServerSettings = { source: profile.source, maxModelLen: profile.maxModelLen, quantization: profile.quantization };
  return {
    profileId: profile.id,
    name: profile.name,
    gpuIndices: profile.gpuIndices,
    requestedUtilization: profile.gpuMemoryUtilization,
    tensorParallelSize: profile.tensorParallelSize,
    estimate: estimateWith(settings),
    settings,
    variants: variants.map((v) => ({ source: v.id, method: v.quantization?.method ?? 'quantized', bits: v.quantization?.bits ?? null })),
    reestimate: estimateWith,
  };
}

function firstGpu(profile: VllmProfile, probe: GpuProbe): GpuInfo | null {
  if (!probe.available) return null;
  const index = profile.gpuIndices[0];
  return (index === undefined ? probe.gpus[0] : probe.gpus.find((gpu) => gpu.index === index)) ?? null;
}

/** The sizes of a model source, from the best place that has them. */
export async function modelSizes(source: string, cache: CachedModel[], env: NodeJS.ProcessEnv): Promise<ModelSizes> {
  if (isLocalModelSource(source)) {
    const local = await readLocalModel(source, env.HOME);
    if (local?.weightsBytes) return { source: 'local-folder', sourceLabel: `the local folder ${source}`, weightsBytes: local.weightsBytes, shape: local.shape, parametersFromName: null };
    return withoutFiles(source, `the folder ${source} has no config.json and safetensors weights Pairwise can read`);
  }
  const cached = cache.find((m) => m.id.toLowerCase() === source.toLowerCase());
  if (cached?.weightsBytes && cached.shape) return { source: 'hf-cache', sourceLabel: `the Hugging Face cache (${cached.id})`, weightsBytes: cached.weightsBytes, shape: cached.shape, parametersFromName: null };
  const fact = shippedFact(source);
  if (fact) return { source: 'shipped-facts', sourceLabel: `facts shipped with Pairwise (${fact.id}: ${fact.weightsFrom})`, weightsBytes: fact.weightsBytes, shape: shapeOfFact(fact), parametersFromName: null };
  return withoutFiles(source, `${source} is not in the Hugging Face cache and not among the models Pairwise ships facts for`);
}

function withoutFiles(source: string, why: string): ModelSizes {
  const billions = parametersFromName(source);
  if (billions !== null) {
    return { source: 'name', sourceLabel: `estimated from the name (${billions} billion parameters)`, weightsBytes: null, shape: null, parametersFromName: billions };
  }
  return { ...noSizes(source), sourceLabel: `unknown: ${why}` };
}

function noSizes(source: string): ModelSizes {
  return { source: 'none', sourceLabel: `unknown (${source})`, weightsBytes: null, shape: null, parametersFromName: null };
}

/** The launch flags of extraArgs that change memory: `--flag value` or `--flag=value`, as vLLM's argparse reads them. */
export function launchFlags(extraArgs: string[]): { kvCacheDtype: string; enforceEager: boolean; maxNumSeqs: number | null; maxNumBatchedTokens: number | null } {
  const value = (flag: string): string | null => {
    for (let i = 0; i < extraArgs.length; i++) {
      const token = extraArgs[i]!;
      if (token === flag) return extraArgs[i + 1] ?? null;
      if (token.startsWith(`${flag}=`)) return token.slice(flag.length + 1);
    }
    return null;
  };
  const count = (flag: string): number | null => {
    const n = Number(value(flag));
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  return {
    kvCacheDtype: value('--kv-cache-dtype') ?? 'auto',
    enforceEager: extraArgs.includes('--enforce-eager'),
    maxNumSeqs: count('--max-num-seqs'),
    maxNumBatchedTokens: count('--max-num-batched-tokens'),
  };
}
