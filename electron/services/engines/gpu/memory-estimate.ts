// What one vLLM server needs on each of its GPUs, by vLLM's own accounting (vllm/v1/worker/gpu_worker.py
// determine_available_memory, vllm/utils/mem_utils.py memory_profiling): inside the budget (utilization x total)
// the weights, the profile run's peak activations, non-torch memory and the KV cache; outside it the CUDA context
// (created before vLLM's memory snapshot) and the CUDA graphs (captured after the KV cache is allocated).
// Weights and KV cache are exact from config.json and the safetensors index; the rest are upper estimates.
import type { MemoryEstimate, ModelShape, SizeSource } from '../../../shared/gpu';
import {
  activationsLowerBytes,
  activationsUpperBytes,
  CONTEXT_BYTES,
  CONTEXT_LOW_BYTES,
  cudaGraphLowerBytes,
  cudaGraphUpperBytes,
  kvBytesPerElement,
  runtimeDtypeBytes,
  type ProfileRunSize,
} from './memory-overheads';
import { weightsOnGpu } from './memory-weights';
import { formatGiB } from './units';

/** vLLM's KV cache block: the cache is allocated, and a sequence held, in whole blocks of 16 tokens. */
export const KV_BLOCK_TOKENS = 16;

/** What is known about a model's files, from the best source that had them. */
export interface ModelSizes {
  source: SizeSource;
  sourceLabel: string;
  /** Bytes of the weights as stored (safetensors total_size). */
  weightsBytes: number | null;
  shape: ModelShape | null;
  /** Billions of parameters from the name, used only when nothing better is known. */
  parametersFromName: number | null;
}

export interface EstimateInput {
  sizes: ModelSizes;
  /** null: the model's max_position_embeddings, as vLLM does. */
  maxModelLen: number | null;
  /** The profile's --dtype: auto | half | float16 | bfloat16 | float | float32. */
  dtype: string;
  quantization: string | null;
  /** --kv-cache-dtype: auto, or fp8 / fp8_e4m3 / fp8_e5m2. */
  kvCacheDtype: string;
  enforceEager: boolean;
  tensorParallelSize: number;
  profileRun: ProfileRunSize;
  /** VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 in the server's environment: vLLM then accepts a longer max-model-len. */
  allowLongMaxModelLen?: boolean;
}

export function kvBytesPerToken(shape: ModelShape | null, elementBytes: number | null): number | null {
  if (!shape || elementBytes === null) return null;
  const { numHiddenLayers, numKeyValueHeads, headDim } = shape;
  if (numHiddenLayers === null || numKeyValueHeads === null || headDim === null) return null;
  return 2 * numHiddenLayers * numKeyValueHeads * headDim * elementBytes;
}

/** A GPU's share of the KV cache per token: its KV heads, at least one (vLLM replicates heads over extra GPUs). */
function kvPerGpuShare(perToken: number, shape: ModelShape | null, tp: number): number {
  const kvHeads = shape?.numKeyValueHeads ?? null;
  if (kvHeads === null || tp <= 1) return perToken / tp;
  return (perToken / kvHeads) * Math.max(1, Math.floor(kvHeads / tp));
}

/** Bytes of KV cache for `tokens` tokens, in whole blocks. */
export function kvBytesFor(perToken: number, tokens: number): number {
  return Math.ceil(tokens / KV_BLOCK_TOKENS) * KV_BLOCK_TOKENS * perToken;
}

function contextLength(input: EstimateInput, notes: string[]): number | null {
  if (input.maxModelLen !== null) return input.maxModelLen;
  const fromConfig = input.sizes.shape?.maxPositionEmbeddings ?? null;
  if (fromConfig !== null) notes.push(`max-model-len not set: the model's ${fromConfig.toLocaleString('en-US')} tokens`);
  return fromConfig;
}

export function estimateMemory(input: EstimateInput): MemoryEstimate {
  const notes: string[] = [];
  const unknowns: string[] = [];
  const refusals: string[] = [];
  const { sizes } = input;
  if (sizes.source === 'none') unknowns.push(`its size: ${sizes.sourceLabel.replace(/^unknown: /, '')}. ${DOWNLOAD_ADVICE}`);
  const tp = Math.max(1, input.tensorParallelSize);
  const runtimeBytes = runtimeDtypeBytes(input.dtype, sizes.shape?.torchDtype ?? null, notes);
  const weights = weightsOnGpu({ sizes, runtimeBytes, quantization: input.quantization }, notes, unknowns, refusals);
  const elementBytes = kvBytesPerElement(input.kvCacheDtype, runtimeBytes);
  const fullAttention = (sizes.shape?.attention ?? 'full') === 'full';
  const perToken = fullAttention ? kvBytesPerToken(sizes.shape, elementBytes) : null;
  if (!fullAttention) unknowns.push(`KV cache size: the model uses ${sizes.shape!.attention} attention, which holds less KV cache than full attention by rules Pairwise does not model yet. Launch it once: vLLM's log says "GPU KV cache size".`);
  else if (perToken === null && sizes.source !== 'none') unknowns.push(kvUnknown(sizes));
  const maxModelLen = contextLength(input, notes);
  const maxPosition = sizes.shape?.maxPositionEmbeddings ?? null;
  if (maxModelLen !== null && maxPosition !== null && maxModelLen > maxPosition) {
    if (input.allowLongMaxModelLen) notes.push(`max-model-len beyond the model's ${maxPosition.toLocaleString('en-US')} tokens, allowed by VLLM_ALLOW_LONG_MAX_MODEL_LEN=1`);
    else refusals.push(longerThanModel(maxModelLen, maxPosition));
  }
  if (maxModelLen === null && sizes.source !== 'none') unknowns.push('max-model-len: it is not set, and the model\'s config.json is not known. Set max-model-len in the profile.');
  const kvBytes = perToken !== null && maxModelLen !== null ? kvBytesFor(perToken, maxModelLen) : null;
  const perTokenPerGpu = perToken === null ? null : kvPerGpuShare(perToken, sizes.shape, tp);
  const kvBytesPerGpu = perTokenPerGpu !== null && maxModelLen !== null ? kvBytesFor(perTokenPerGpu, maxModelLen) : null;
  const heads = sizes.shape?.numAttentionHeads ?? null;
  if (heads !== null && tp > 1 && heads % tp !== 0) refusals.push(`its ${heads} attention heads do not split over tensor-parallel size ${tp}: vLLM stops with "Total number of attention heads (${heads}) must be divisible by tensor parallel size (${tp})". Choose a tensor-parallel size that divides ${heads}.`);
  if (kvBytes !== null) notes.push(`KV cache for one ${maxModelLen!.toLocaleString('en-US')}-token sequence: ${formatGiB(kvBytes)} (${elementBytes} byte${elementBytes === 1 ? '' : 's'} per value)`);
  const activationBytes = activationsUpperBytes(sizes.shape, input.profileRun, tp, runtimeBytes);
  notes.push(`activations of vLLM's profile run and non-torch memory: up to ${formatGiB(activationBytes)} per GPU`);
  const cudaGraphBytes = input.enforceEager ? 0 : cudaGraphUpperBytes(sizes.shape);
  notes.push(input.enforceEager ? 'no CUDA graphs (--enforce-eager)' : `CUDA graphs: up to ${formatGiB(cudaGraphBytes)} per GPU, outside gpu-memory-utilization`);
  notes.push(`CUDA context: up to ${formatGiB(CONTEXT_BYTES)} per GPU, outside gpu-memory-utilization`);
  const budgetNeedBytes = weights.steady !== null && kvBytesPerGpu !== null ? weights.steady / tp + kvBytesPerGpu + activationBytes : null;
  return {
    source: sizes.source,
    sourceLabel: sizes.sourceLabel,
    weightsBytes: weights.steady,
    loadPeakBytes: weights.loadPeak,
    quantization: input.quantization?.toLowerCase() ?? sizes.shape?.quantization?.method ?? null,
    kvCacheDtype: /^fp8/i.test(input.kvCacheDtype) ? 'fp8' : 'auto',
    kvBytesPerToken: perToken,
    maxModelLen,
    maxPositionEmbeddings: sizes.shape?.maxPositionEmbeddings ?? null,
    kvBytes,
    kvBytesPerGpu,
    kvBytesPerTokenPerGpu: perTokenPerGpu,
    activationBytes,
    contextBytes: CONTEXT_BYTES,
    cudaGraphBytes,
    budgetNeedBytes,
    lowerBound: {
      activationBytes: activationsLowerBytes(sizes.shape, input.profileRun, runtimeBytes),
      contextBytes: CONTEXT_LOW_BYTES,
      cudaGraphBytes: input.enforceEager ? 0 : cudaGraphLowerBytes(sizes.shape),
    },
    notes,
    unknowns,
    refusals,
  };
}

function longerThanModel(maxModelLen: number, maxPosition: number): string {
  return `max-model-len ${maxModelLen.toLocaleString('en-US')} is longer than the model's ${maxPosition.toLocaleString('en-US')} tokens (max_position_embeddings): vLLM refuses it ("User-specified max_model_len ... is greater than the derived max_model_len"). Lower max-model-len to at most ${maxPosition.toLocaleString('en-US')}.`;
}

function kvUnknown(sizes: ModelSizes): string {
  if (sizes.source === 'name') return `KV cache size: only the name says how big the model is. ${DOWNLOAD_ADVICE}`;
  return 'KV cache size: the model\'s config.json lacks its layers, KV heads or head size.';
}

/** How a user gets the sizes Pairwise lacks. */
export const DOWNLOAD_ADVICE =
  'Download it first (huggingface-cli download ORG/NAME, or launch it once) or point the profile at a local folder, and Pairwise reads its config.json and weights.';
