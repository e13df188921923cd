// How much GPU memory one vLLM server needs at the least: weights + activations/overhead + CUDA graphs + the KV
// cache of one max-length sequence (vllm-facts.md, "GPU and model size from outside"). A rough floor, not vLLM's
// profiler: it tells whether a gpu-memory-utilization can work, and the planner adds spare room on top.
import type { MemoryEstimate, ModelShape } from '../../../shared/gpu';
import { formatGiB, GiB } from './units';

/** vLLM's profile run (peak activations, sampler, non-torch allocations): 1-2 GiB for 4B-8B models. */
export const ACTIVATIONS_OVERHEAD_BYTES = 1.5 * GiB;
/** CUDA graphs captured after the KV cache is allocated (vLLM logs "took 0.95 GiB" for a 7B model). */
export const CUDA_GRAPHS_BYTES = 1 * GiB;

export interface EstimateInput {
  weightsBytes: number | null;
  shape: ModelShape | null;
  /** null: the model's max_position_embeddings, as vLLM does. */
  maxModelLen: number | null;
  /** The profile's --dtype: auto | half | float16 | bfloat16 | float | float32. */
  dtype: string;
  quantization: string | null;
  enforceEager?: boolean;
}

const BYTES_BY_DTYPE: Record<string, number> = { float32: 4, float: 4, float16: 2, half: 2, bfloat16: 2 };

/**
 * Bytes per element the server computes and caches in. --dtype auto takes the config's dtype, except that vLLM runs
 * float32 (and undeclared) checkpoints in 16 bit, so auto is always 2 bytes for float models.
 */
function runtimeDtype(dtype: string, torchDtype: string | null, notes: string[]): number | null {
  const requested = dtype.toLowerCase();
  if (requested !== 'auto') {
    const bytes = BYTES_BY_DTYPE[requested] ?? null;
    notes.push(bytes === null ? `dtype ${dtype} is not one Pairwise knows; KV cache size unknown` : `dtype ${requested} = ${bytes} bytes`);
    return bytes;
  }
  const declared = torchDtype?.toLowerCase() ?? null;
  if (declared === 'float16' || declared === 'bfloat16') notes.push(`dtype auto = ${declared} (config.json) = 2 bytes`);
  else notes.push(`dtype auto: config.json says ${declared ?? 'nothing'}, which vLLM runs in 16 bit = 2 bytes`);
  return 2;
}

/** Weights as loaded: a 16-bit checkpoint run in float32 doubles, a float32 checkpoint run in 16 bit halves. */
function weightsInMemory(input: EstimateInput, runtimeBytes: number | null, notes: string[]): number | null {
  if (input.weightsBytes === null) {
    notes.push('weights size unknown: the model is not in the Hugging Face cache, or has no safetensors index');
    return null;
  }
  const stored = BYTES_BY_DTYPE[input.shape?.torchDtype?.toLowerCase() ?? ''] ?? null;
  if (input.quantization !== null) {
    notes.push(`quantization ${input.quantization}: weights taken as stored on disk, ${formatGiB(input.weightsBytes)}`);
    return input.weightsBytes;
  }
  if (stored === null || runtimeBytes === null || stored === runtimeBytes) {
    notes.push(`weights ${formatGiB(input.weightsBytes)} as stored on disk`);
    return input.weightsBytes;
  }
  const loaded = (input.weightsBytes * runtimeBytes) / stored;
  notes.push(`weights ${formatGiB(input.weightsBytes)} on disk in ${stored}-byte floats, ${formatGiB(loaded)} loaded in ${runtimeBytes}-byte floats`);
  return loaded;
}

/** 2 (K and V) x layers x KV heads x head dim x bytes. Quantizing weights does not shrink the KV cache. */
export function kvBytesPerToken(shape: ModelShape | null, dtypeBytes: number | null): number | null {
  if (!shape || dtypeBytes === null) return null;
  const { numHiddenLayers, numKeyValueHeads, headDim } = shape;
  if (numHiddenLayers === null || numKeyValueHeads === null || headDim === null) return null;
  return 2 * numHiddenLayers * numKeyValueHeads * headDim * dtypeBytes;
}

function contextLength(input: EstimateInput, notes: string[]): number | null {
  if (input.maxModelLen !== null) return input.maxModelLen;
  const fromConfig = input.shape?.maxPositionEmbeddings ?? null;
  notes.push(fromConfig === null ? 'max-model-len unknown (not set, and config.json has no max_position_embeddings)' : `max-model-len not set: the model's ${fromConfig} tokens`);
  return fromConfig;
}

export function estimateMemory(input: EstimateInput): MemoryEstimate {
  const notes: string[] = [];
  const dtypeBytes = runtimeDtype(input.dtype, input.shape?.torchDtype ?? null, notes);
  const weightsBytes = weightsInMemory(input, dtypeBytes, notes);
  const perToken = kvBytesPerToken(input.shape, dtypeBytes);
  if (perToken === null && dtypeBytes !== null) notes.push('KV cache size unknown: config.json lacks layers, KV heads or head size');
  const maxModelLen = contextLength(input, notes);
  notes.push(`activations and overhead ~${formatGiB(ACTIVATIONS_OVERHEAD_BYTES)}`);
  const graphs = input.enforceEager ? 0 : CUDA_GRAPHS_BYTES;
  notes.push(input.enforceEager ? 'no CUDA graphs (--enforce-eager)' : `CUDA graphs ~${formatGiB(CUDA_GRAPHS_BYTES)}`);
  const kvBytes = perToken !== null && maxModelLen !== null ? perToken * maxModelLen : null;
  if (kvBytes !== null) notes.push(`KV cache for one ${maxModelLen}-token sequence: ${formatGiB(kvBytes)}`);
  const totalBytes = weightsBytes !== null && kvBytes !== null ? weightsBytes + ACTIVATIONS_OVERHEAD_BYTES + graphs + kvBytes : null;
  return { weightsBytes, kvBytesPerToken: perToken, maxModelLen, totalBytes, notes };
}
