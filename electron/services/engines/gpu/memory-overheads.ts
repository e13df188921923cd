// The parts of a vLLM server's memory that no file states: the profile run's peak activations, non-torch memory,
// the CUDA context and the CUDA graphs. Each is an upper estimate, so a plan that says "fits" holds; the figures
// follow what vLLM logs for 0.5B-8B models ("Memory profiling takes ...; torch peak memory increase", "Graph
// capturing finished in 7 secs, took 0.95 GiB") and scale with the model's shape.
import type { ModelShape } from '../../../shared/gpu';
import { GiB, MiB } from './units';

/** The CUDA context and cuBLAS handles of one process on one GPU, created before vLLM's memory snapshot. */
export const CONTEXT_BYTES = 0.55 * GiB;
/** The least a CUDA context with cuBLAS takes on the GPUs vLLM supports. */
export const CONTEXT_LOW_BYTES = 0.3 * GiB;
const NON_TORCH_LOW_BYTES = 0.1 * GiB;
const GRAPHS_LOW_BASE_BYTES = 0.1 * GiB;
const GRAPHS_LOW_PER_LAYER_BYTES = 0.01 * GiB;

/** NCCL, custom all-reduce and attention-backend buffers that vLLM counts as non-torch memory. */
const NON_TORCH_BYTES = 0.2 * GiB;
const NON_TORCH_TP_EXTRA_BYTES = 0.4 * GiB;

/** cuBLAS / attention workspaces and the sampler's scratch tensors in the profile run. */
const PROFILE_WORKSPACE_BYTES = 0.25 * GiB;
/** Margin on the activation formula: the profile run allocates a few tensors the formula does not name. */
const ACTIVATION_MARGIN = 1.2;
/** Without the shape (hidden, intermediate, vocabulary sizes) the activations are taken at vLLM's high end. */
const ACTIVATIONS_WITHOUT_SHAPE_BYTES = 2 * GiB;

/** CUDA graphs: a pool per capture size; grows with the layers (piecewise graphs split at each attention). */
const GRAPHS_BASE_BYTES = 0.3 * GiB;
const GRAPHS_PER_LAYER_BYTES = 0.025 * GiB;
const GRAPHS_WITHOUT_SHAPE_BYTES = 1.5 * GiB;

/** How big vLLM's profile run is: max_num_batched_tokens tokens through the model, max_num_seqs rows of logits. */
export interface ProfileRunSize {
  maxNumBatchedTokens: number;
  maxNumSeqs: number;
}

/**
 * vLLM's API-server defaults (vllm/engine/arg_utils.py _set_default_args): 2048 batched tokens and 256 sequences,
 * raised to 8192 and 1024 on a GPU with at least 70 GiB whose name does not say A100 (H100, H200, MI300X...).
 */
export function defaultProfileRun(gpu: { name: string; totalMiB: number } | null, flags: { maxNumBatchedTokens: number | null; maxNumSeqs: number | null }): ProfileRunSize {
  const big = gpu !== null && gpu.totalMiB * MiB >= 70 * GiB && !/a100/i.test(gpu.name);
  const maxNumBatchedTokens = flags.maxNumBatchedTokens ?? (big ? 8192 : 2048);
  const maxNumSeqs = Math.min(flags.maxNumSeqs ?? (big ? 1024 : 256), maxNumBatchedTokens);
  return { maxNumBatchedTokens, maxNumSeqs };
}

/**
 * Peak activations of the profile run plus non-torch memory, per GPU: hidden states, the MLP's gate/up outputs and
 * q/k/v for every batched token (in the compute dtype), and the logits (float32) with the sampler's copies for every
 * sequence.
 */
export function activationsUpperBytes(shape: ModelShape | null, run: ProfileRunSize, tensorParallelSize: number, runtimeBytes: number): number {
  const nonTorch = NON_TORCH_BYTES + (tensorParallelSize > 1 ? NON_TORCH_TP_EXTRA_BYTES : 0);
  const tensors = profileRunTensorBytes(shape, run, runtimeBytes);
  if (tensors === null) return ACTIVATIONS_WITHOUT_SHAPE_BYTES + nonTorch;
  return (tensors + PROFILE_WORKSPACE_BYTES) * ACTIVATION_MARGIN + nonTorch;
}

/** The named tensors of the profile run alone, with the least non-torch memory: what it takes at the very least. */
export function activationsLowerBytes(shape: ModelShape | null, run: ProfileRunSize, runtimeBytes: number): number {
  return (profileRunTensorBytes(shape, run, runtimeBytes) ?? 0) + NON_TORCH_LOW_BYTES;
}

function profileRunTensorBytes(shape: ModelShape | null, run: ProfileRunSize, runtimeBytes: number): number | null {
  const { hiddenSize, intermediateSize, vocabSize, numAttentionHeads, numKeyValueHeads, headDim } = shape ?? {};
  if (!hiddenSize || !intermediateSize || !vocabSize || !numAttentionHeads || !numKeyValueHeads || !headDim) return null;
  const perToken = (4 * hiddenSize + 2 * intermediateSize + (numAttentionHeads + 2 * numKeyValueHeads) * headDim) * runtimeBytes;
  return run.maxNumBatchedTokens * perToken + run.maxNumSeqs * vocabSize * 4 * 3;
}

export function cudaGraphUpperBytes(shape: ModelShape | null): number {
  const layers = shape?.numHiddenLayers ?? null;
  return layers === null ? GRAPHS_WITHOUT_SHAPE_BYTES : GRAPHS_BASE_BYTES + layers * GRAPHS_PER_LAYER_BYTES;
}

export function cudaGraphLowerBytes(shape: ModelShape | null): number {
  return GRAPHS_LOW_BASE_BYTES + (shape?.numHiddenLayers ?? 0) * GRAPHS_LOW_PER_LAYER_BYTES;
}

const BYTES_BY_DTYPE: Record<string, number> = { float32: 4, float: 4, float16: 2, half: 2, bfloat16: 2 };

/** Bytes per element a stored dtype takes; null when not a float dtype Pairwise knows. */
export function storedDtypeBytes(torchDtype: string | null): number | null {
  return BYTES_BY_DTYPE[torchDtype?.toLowerCase() ?? ''] ?? null;
}

/**
 * Bytes per element the server computes in. --dtype auto takes the config's dtype, except that vLLM runs float32
 * (and undeclared) checkpoints in 16 bit, so auto is always 2 bytes.
 */
export function runtimeDtypeBytes(dtype: string, torchDtype: string | null, notes: string[]): number {
  const requested = dtype.toLowerCase();
  const explicit = BYTES_BY_DTYPE[requested];
  if (requested !== 'auto' && explicit !== undefined) {
    notes.push(`dtype ${requested} = ${explicit} bytes`);
    return explicit;
  }
  const declared = torchDtype?.toLowerCase() ?? null;
  if (declared === 'float16' || declared === 'bfloat16') notes.push(`dtype auto = ${declared} (config.json) = 2 bytes`);
  else notes.push(`dtype auto: config.json says ${declared ?? 'nothing'}, which vLLM runs in 16 bit = 2 bytes`);
  return 2;
}

/** --kv-cache-dtype fp8 (fp8_e4m3, fp8_e5m2) stores one byte per value; auto stores the model's dtype. */
export function kvBytesPerElement(kvCacheDtype: string, runtimeBytes: number): number {
  return /^fp8/i.test(kvCacheDtype) ? 1 : runtimeBytes;
}
