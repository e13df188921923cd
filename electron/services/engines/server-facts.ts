// What a comparison record keeps about the server that answered (issue 9, Storage): enough to reproduce it.
// Gathered once per launch, when the server is ready, not per comparison: none of it changes while it runs.
import type { ServerFacts } from '../../shared/sessions';
import type { EndpointProfile, VllmProfile } from '../../shared/profiles';
import { cachedRevision } from '../models/hf-cache';
import { probeGpus } from './gpu/nvidia-smi';

/** A launched server: its argv as run, the cache's commit of its model, and the name of the GPU it is on. */
export async function vllmServerFacts(profile: VllmProfile, argv: string[], env: NodeJS.ProcessEnv): Promise<ServerFacts> {
  const [revision, gpuName] = await Promise.all([cachedRevision(profile.source, { env }).catch(() => null), gpuNameOf(profile.gpuIndices, env)]);
  return { engine: 'vllm', source: profile.source, revision, vllmVersion: null, argv, gpuName };
}

/** A server Pairwise did not launch: only what its profile says (its /version, when it has one, is added later). */
export function endpointServerFacts(profile: EndpointProfile): ServerFacts {
  return { engine: 'endpoint', source: profile.baseUrl.replace(/\/+$/, ''), revision: null, vllmVersion: null, argv: null, gpuName: null };
}

/** The GPU names the server runs on ("NVIDIA GeForce RTX 4090 D", or "2 × NVIDIA A100 …" with tensor parallel). */
async function gpuNameOf(indices: number[], env: NodeJS.ProcessEnv): Promise<string | null> {
  const probe = await probeGpus({ env, timeoutMs: 5000 }).catch(() => null);
  if (!probe?.available) return null;
  // No indices: vLLM takes the first GPU CUDA lists.
  const used = indices.length > 0 ? probe.gpus.filter((gpu) => indices.includes(gpu.index)) : probe.gpus.slice(0, 1);
  const names = [...new Set(used.map((gpu) => gpu.name))];
  if (names.length === 0) return null;
  return used.length > 1 && names.length === 1 ? `${used.length} × ${names[0]}` : names.join(' + ');
}
