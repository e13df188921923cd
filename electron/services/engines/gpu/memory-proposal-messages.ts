// A proposal in words: what changes, what the GPU then holds, and what the user gives up for it.
import type { GpuInfo, MemoryProposal } from '../../../shared/gpu';
import type { ProposalServer } from './memory-proposal';
import { formatMiBAsGiB, formatTokens, listOf } from './units';

const tokens = formatTokens;


export function summary(kind: MemoryProposal['kind'], held: { gpu: GpuInfo; footprintMiB: number }[]): string {
  const how = { utilization: 'Other utilizations', 'max-model-len': 'A shorter context', quantization: 'Smaller weights', 'second-gpu': 'A second GPU' }[kind];
  const room = held.map(({ gpu, footprintMiB }) => `${formatMiBAsGiB(footprintMiB)} of GPU ${gpu.index}'s ${formatMiBAsGiB(gpu.memoryTotalMiB)}`);
  return `${how} make${kind === 'utilization' || kind === 'quantization' ? '' : 's'} them fit: once ready they hold about ${listOf(room)}.`;
}

export function givesUp(before: ProposalServer[], after: ProposalServer[], ready: MemoryProposal['after']): string[] {
  return after.flatMap((server, i) => {
    const was = before[i]!;
    const lines: string[] = [];
    const { maxModelLen, kvTokens, concurrency } = ready[i]!;
    if (server.settings.source !== was.settings.source) {
      const variant = was.variants.find((v) => v.source === server.settings.source);
      const what = variant ? `${variant.method.toUpperCase()}${variant.bits ? ` ${variant.bits}-bit` : ''}` : 'quantized';
      lines.push(`${was.name} becomes ${server.settings.source} (${what} weights): a different checkpoint of the same model, whose answers can differ from the 16-bit one's; it is downloaded on first launch.`);
    } else if (server.settings.quantization === 'fp8' && was.settings.quantization !== 'fp8') {
      lines.push(`${was.name} runs with fp8 weights, quantized by vLLM as it loads: answers can differ slightly from the 16-bit model's, which matters when the model itself is what you judge.`);
    }
    if (maxModelLen < (was.estimate.maxModelLen ?? maxModelLen)) {
      lines.push(`${was.name} takes prompt plus answer up to ${tokens(maxModelLen)} tokens (was ${tokens(was.estimate.maxModelLen ?? 0)}); its KV cache holds ${tokens(kvTokens)} tokens, ${concurrency.toFixed(1)} sequences of that length at once.`);
    }
    if (server.gpuIndices.join() !== was.gpuIndices.join()) lines.push(`${was.name} moves to GPU ${server.gpuIndices.join(', ')}.`);
    return lines;
  });
}
