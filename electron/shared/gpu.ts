// GPUs as nvidia-smi reports them, models as the Hugging Face cache holds them, and the memory plan for a
// pair of servers. Pure types.

export interface GpuInfo {
  index: number;
  uuid: string;
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  memoryFreeMiB: number;
  /** "8.9" (nvidia-smi's compute_cap); null when the driver is too old to say. */
  computeCapability: string | null;
}

export interface GpuProcess {
  pid: number;
  processName: string;
  usedMemoryMiB: number;
}

export type GpuProbe =
  | { available: true; gpus: GpuInfo[]; processes: GpuProcess[] }
  | { available: false; reason: 'not-installed' | 'driver-error' | 'unreadable'; message: string };

/** What config.json says about a model's shape (enough to size its KV cache). */
export interface ModelShape {
  architectures: string[];
  numHiddenLayers: number | null;
  numAttentionHeads: number | null;
  numKeyValueHeads: number | null;
  headDim: number | null;
  hiddenSize: number | null;
  maxPositionEmbeddings: number | null;
  torchDtype: string | null;
  intermediateSize: number | null;
  vocabSize: number | null;
  /** lm_head shares the embedding matrix (counted once). */
  tieWordEmbeddings: boolean;
  /** config.json's quantization_config: a pre-quantized checkpoint (awq, gptq, fp8...); null for plain weights. */
  quantization: { method: string; bits: number | null } | null;
  /**
   * How its KV cache grows: `full` attention on every layer is what Pairwise sizes; sliding windows, latent (MLA)
   * and hybrid (Mamba) layers hold less, by rules Pairwise does not model.
   */
  attention: 'full' | 'sliding-window' | 'latent' | 'hybrid';
}

export interface CachedModel {
  /** e.g. Qwen/Qwen2-7B-Instruct */
  id: string;
  /** Bytes on disk of the snapshot the main ref points to (blobs counted once). */
  sizeBytes: number;
  /** Commit hash of refs/main, when present. */
  revision: string | null;
  snapshotPath: string | null;
  /** Weights bytes: safetensors index metadata.total_size, else the sum of *.safetensors files. */
  weightsBytes: number | null;
  shape: ModelShape | null;
  /** True when the snapshot has weights (not only config/tokenizer files). */
  complete: boolean;
}

export interface HfCacheScan {
  /** The hub cache folder: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
  folder: string;
  exists: boolean;
  models: CachedModel[];
}

/** The three answers the plan gives (design §4): never "fits" without every size known. */
export type MemoryVerdict = 'fits' | 'does-not-fit' | 'unknown';

/** Where a model's sizes came from, best first. `name`: only the parameter count in its name; `none`: nothing. */
export type SizeSource = 'hf-cache' | 'local-folder' | 'shipped-facts' | 'name' | 'none';

/**
 * What one server needs on each of its GPUs, by vLLM's own accounting (`gpu_worker.py` determine_available_memory):
 * inside its budget (gpu-memory-utilization x total) the weights, the profile run's peak activations, non-torch
 * memory and the KV cache; outside it the CUDA context (taken before vLLM's snapshot) and the CUDA graphs (captured
 * after the KV cache). Bytes are for the whole model; tensor parallelism splits weights and KV cache.
 */
export interface MemoryEstimate {
  source: SizeSource;
  /** The source in words, e.g. "facts shipped with Pairwise (Qwen/Qwen2-7B-Instruct's config.json and safetensors index)". */
  sourceLabel: string;
  /** Weights as they sit on the GPU once loaded (after any quantization); null when unknown. */
  weightsBytes: number | null;
  /** The most the weights take while loading: 16-bit before online fp8 quantization, else weightsBytes. */
  loadPeakBytes: number | null;
  /** The quantization vLLM will run: --quantization, else the checkpoint's own (awq, gptq, fp8...); null for none. */
  quantization: string | null;
  /** 'auto' (the model's dtype) or 'fp8' (--kv-cache-dtype fp8...). */
  kvCacheDtype: string;
  kvBytesPerToken: number | null;
  maxModelLen: number | null;
  /** The model's max_position_embeddings: a longer max-model-len is refused by vLLM. */
  maxPositionEmbeddings: number | null;
  /** KV cache for one max-model-len sequence, in whole blocks of 16 tokens. */
  kvBytes: number | null;
  /**
   * The same on each GPU: with tensor parallelism the KV heads are split, but vLLM keeps at least one per GPU, so
   * with more GPUs than KV heads each GPU holds a whole head.
   */
  kvBytesPerGpu: number | null;
  kvBytesPerTokenPerGpu: number | null;
  /** Peak activations of vLLM's profile run plus non-torch memory: an upper estimate, per GPU. */
  activationBytes: number;
  /** CUDA context (per GPU, outside the budget). */
  contextBytes: number;
  /** CUDA graphs (per GPU, outside the budget; 0 with --enforce-eager). */
  cudaGraphBytes: number;
  /** weights + activations + KV of one max-length sequence, per GPU: what utilization x total must cover. */
  budgetNeedBytes: number | null;
  /**
   * The least the estimated parts can take (activations, context, graphs): a plan that fails even with these does
   * not fit; one that fits only with these is too close to call.
   */
  lowerBound: { activationBytes: number; contextBytes: number; cudaGraphBytes: number };
  /** What was assumed, in words. */
  notes: string[];
  /** What is not known, each with how to find out; empty when every size is known. */
  unknowns: string[];
  /** Settings vLLM refuses whatever the memory (a max-model-len beyond the model's, a wrong --quantization). */
  refusals: string[];
}

export interface PlannedServer {
  profileId: string;
  name: string;
  gpuIndices: number[];
  requestedUtilization: number;
  tensorParallelSize: number;
  estimate: MemoryEstimate;
  /** utilization x the GPU's memory as CUDA reports it, per GPU; null when the GPU is not known. */
  budgetBytes: number | null;
  /** Tokens of KV cache the budget leaves after weights and activations (per server), and as max-length sequences. */
  kvTokens: number | null;
  concurrency: number | null;
}

export interface GpuBudget {
  index: number;
  name: string;
  totalMiB: number;
  /** Memory used by processes that are not servers of this plan. */
  usedByOthersMiB: number;
  /** Sum over planned servers on this GPU of utilization x total. */
  requestedMiB: number;
  /** requested plus every server's CUDA context and CUDA graphs: what the servers really hold once ready. */
  footprintMiB: number;
  /** "8.9"; null when nvidia-smi did not say. */
  computeCapability: string | null;
  /** The plan's servers computing on this GPU (tensor parallelism and empty GPU lists resolved). */
  profileIds: string[];
  /** This GPU's own answer: unknown when a server on it has an unknown size, or the plan is too close to call. */
  verdict: MemoryVerdict;
}

/** One profile's changed fields in a proposal. Absent fields stay as they are. */
export interface ProfileChange {
  profileId: string;
  name: string;
  gpuMemoryUtilization?: number;
  maxModelLen?: number;
  /** null: no --quantization (e.g. a pre-quantized checkpoint declares its own). */
  quantization?: string | null;
  /** A pre-quantized variant of the model. */
  source?: string;
  gpuIndices?: number[];
}

/** The nearest configuration that fits, found in the order: utilizations, max-model-len, quantization, another GPU. */
export interface MemoryProposal {
  /** Which step found it. */
  kind: 'utilization' | 'max-model-len' | 'quantization' | 'second-gpu';
  /** One sentence: what changes and why it now fits. */
  summary: string;
  changes: ProfileChange[];
  /** What the user gives up, one sentence each (a shorter context, fp8 weights...). */
  givesUp: string[];
  /** Each server after the change: its KV cache and how many max-length sequences it holds. */
  after: { profileId: string; name: string; maxModelLen: number; kvTokens: number; concurrency: number }[];
}

export interface MemoryPlan {
  /** False when nvidia-smi is missing or failed: launching is still allowed, with a warning. */
  checked: boolean;
  verdict: MemoryVerdict;
  /** One sentence saying why this verdict. */
  verdictReason: string;
  gpus: GpuBudget[];
  servers: PlannedServer[];
  /** Plain sentences for the UI: problems first, then what is unknown, then advice. */
  messages: string[];
  /** Present when the plan does not fit and a nearby configuration does. */
  proposal: MemoryProposal | null;
  /** When it does not fit as configured: one sentence each on what a 48 GB and an 80 GB card would change. */
  largerGpus: string[];
}
