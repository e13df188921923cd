// A proposal's changes and outcomes in words, with the same names the profile form uses for its fields.
import type { MemoryProposal, ProfileChange } from '../../../../electron/shared/gpu';
import { formatCount } from './format';

/** "Qwen2-7B-Instruct: model Qwen/Qwen2-7B-Instruct-AWQ, gpu-memory-utilization 0.35" */
export function changeInWords(change: ProfileChange): string {
  const parts: string[] = [];
  if (change.source !== undefined) parts.push(`model ${change.source}`);
  if (change.quantization !== undefined) parts.push(change.quantization === null ? 'no quantization' : `quantization ${change.quantization}`);
  if (change.maxModelLen !== undefined) parts.push(`max-model-len ${formatCount(change.maxModelLen)}`);
  if (change.gpuMemoryUtilization !== undefined) parts.push(`gpu-memory-utilization ${change.gpuMemoryUtilization.toFixed(2)}`);
  if (change.gpuIndices !== undefined) parts.push(change.gpuIndices.length === 0 ? 'every GPU' : `GPU ${change.gpuIndices.join(', ')}`);
  return `${change.name}: ${parts.join(', ')}`;
}

/** "Qwen2-7B-Instruct: KV cache 29,888 tokens: 3.6 sequences of 8,192 tokens" */
export function afterInWords(after: MemoryProposal['after'][number]): string {
  return `${after.name}: KV cache ${formatCount(after.kvTokens)} tokens: ${after.concurrency.toFixed(1)} sequences of ${formatCount(after.maxModelLen)} tokens`;
}

/** The button's visible text: whom it changes. */
export function applyLabel(changes: ProfileChange[]): string {
  if (changes.length === 1) return `Apply to ${changes[0]!.name}`;
  return changes.length === 2 ? 'Apply to both profiles' : `Apply to ${changes.length} profiles`;
}

/** Running servers read their settings at launch only: a change reaches them at their next (re)start. */
export function runningNote(names: string[]): string {
  const [verb, keep] = names.length === 1 ? ['is', 'keeps'] : ['are', 'keep'];
  return `${names.join(' and ')} ${verb} running and ${keep} the old settings until restarted.`;
}
