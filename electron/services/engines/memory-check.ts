import type { MemoryPlan, CachedModel } from '../../shared/gpu';
import { isLocalModelSource } from '../../shared/paths';
import type { VllmProfile } from '../../shared/profiles';
import { readLocalModel, scanHfCache } from '../models/hf-cache';
import { estimateMemory } from './gpu/memory-estimate';
import { planMemory } from './gpu/memory-planner';
import { probeGpus } from './gpu/nvidia-smi';

export interface MemoryCheckInput {
  profiles: VllmProfile[];
  /** Pids (all group members) of the servers among `profiles` that already run: their memory is not "others'". */
  ownPids: number[];
  env: NodeJS.ProcessEnv;
}

/** Reads the GPUs and the models' sizes, and checks that the servers' utilizations fit together (design §4). */
export async function checkMemory(input: MemoryCheckInput): Promise<MemoryPlan> {
  const [probe, models] = await Promise.all([probeGpus({ env: input.env }), modelsFor(input.profiles, input.env)]);
  const servers = input.profiles.map((profile, index) => {
    const model = models[index] ?? null;
    return {
      profileId: profile.id,
      name: profile.name,
      gpuIndices: profile.gpuIndices,
      requestedUtilization: profile.gpuMemoryUtilization,
      tensorParallelSize: profile.tensorParallelSize,
      estimate: estimateMemory({
        weightsBytes: model?.weightsBytes ?? null,
        shape: model?.shape ?? null,
        maxModelLen: profile.maxModelLen,
        dtype: profile.dtype,
        quantization: profile.quantization,
        enforceEager: profile.extraArgs.includes('--enforce-eager'),
      }),
    };
  });
  return planMemory({ probe, servers, ownPids: input.ownPids });
}

/** A local folder is read directly; a hub id is looked up in the HF cache (absent = not downloaded yet). */
async function modelsFor(profiles: VllmProfile[], env: NodeJS.ProcessEnv): Promise<(CachedModel | null)[]> {
  const needsCache = profiles.some((p) => !isLocalModelSource(p.source));
  const cache = needsCache ? await scanHfCache({ env }) : null;
  return Promise.all(
    profiles.map(async (profile) => {
      if (isLocalModelSource(profile.source)) return readLocalModel(profile.source, env.HOME);
      return cache?.models.find((m) => m.id === profile.source) ?? null;
    }),
  );
}
