// Which profiles the memory plan is about: the ones ticked, or else the first two vLLM profiles that would
// share a GPU (the usual case: two models, one card).
import type { ModelProfile, VllmProfile } from '../../../../electron/shared/profiles';

export function planTargets(profiles: ModelProfile[], ticked: ReadonlySet<string>): VllmProfile[] {
  const vllm = profiles.filter((p): p is VllmProfile => p.engine === 'vllm');
  if (ticked.size > 0) return vllm.filter((p) => ticked.has(p.id));
  for (let i = 0; i < vllm.length; i++) {
    for (let j = i + 1; j < vllm.length; j++) {
      if (sharesGpu(vllm[i]!, vllm[j]!)) return [vllm[i]!, vllm[j]!];
    }
  }
  return [];
}

/** An empty GPU list means "every GPU": it overlaps with anything (as the service reckons it). */
function sharesGpu(a: VllmProfile, b: VllmProfile): boolean {
  if (a.gpuIndices.length === 0 || b.gpuIndices.length === 0) return true;
  return a.gpuIndices.some((index) => b.gpuIndices.includes(index));
}
