// Which GPUs run which quantization: vLLM's QuantizationConfig.get_min_capability() per method (fp8 80, running
// weight-only through Marlin below 89; awq 75; gptq 60; the Marlin kernels 80). One table for the plan's refusals
// and for what a proposal may offer.
import type { GpuInfo } from '../../../shared/gpu';

const MIN_CAPABILITY: Record<string, number> = { fp8: 8.0, awq: 7.5, awq_marlin: 8.0, gptq: 6.0, gptq_marlin: 8.0 };

/** The lowest compute capability among the GPUs, NaN when one of them does not say. */
export function lowestCapability(gpus: GpuInfo[]): number {
  return gpus.length === 0 ? NaN : Math.min(...gpus.map((gpu) => Number(gpu.computeCapability ?? NaN)));
}

/** True when vLLM runs `method` on a GPU of this capability; false for a method Pairwise does not know. */
export function supportsQuantization(method: string, capability: number): boolean {
  const needed = MIN_CAPABILITY[method.toLowerCase()];
  return needed !== undefined && capability >= needed;
}

/** vLLM's refusal of a quantization the GPU cannot run, in its words; null when it runs or cannot be known. */
export function capabilityRefusal(method: string | null, gpus: GpuInfo[]): string | null {
  if (method === null) return null;
  const needed = MIN_CAPABILITY[method.toLowerCase()];
  const capability = lowestCapability(gpus);
  if (needed === undefined || !Number.isFinite(capability) || capability >= needed) return null;
  const asInt = (cc: number): number => Math.round(cc * 10);
  return `${gpus[0]!.name} (compute capability ${capability.toFixed(1)}) cannot run ${method} quantization: vLLM stops with "The quantization method ${method} is not supported for the current GPU. Minimum capability: ${asInt(needed)}. Current capability: ${asInt(capability)}."`;
}

/** What is unknown when the GPU does not report its compute capability and the quantization depends on it. */
export function capabilityUnknown(method: string | null, gpus: GpuInfo[]): string | null {
  if (method === null || MIN_CAPABILITY[method.toLowerCase()] === undefined || Number.isFinite(lowestCapability(gpus))) return null;
  return `compute capability: nvidia-smi did not report the GPU's, so Pairwise cannot tell whether it runs ${method} quantization (vLLM needs ${MIN_CAPABILITY[method.toLowerCase()]!.toFixed(1)} or newer). Updating the NVIDIA driver (R510 or newer) makes nvidia-smi report it.`;
}
