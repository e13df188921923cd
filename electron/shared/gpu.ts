// GPUs as nvidia-smi reports them, models as the Hugging Face cache holds them, and the memory plan for a
// pair of servers. Pure types.

export interface GpuInfo {
  index: number;
  uuid: string;
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  memoryFreeMiB: number;
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

/** Estimated GPU memory one server needs beyond its weights, per design §4 / vllm-facts.md. */
export interface MemoryEstimate {
  weightsBytes: number | null;
  kvBytesPerToken: number | null;
  maxModelLen: number | null;
  /** weights + activations/overhead + CUDA graphs + KV for one max-length sequence; null when unknown. */
  totalBytes: number | null;
  /** What was assumed, in words (e.g. "dtype bfloat16 = 2 bytes", "activations ~1.5 GiB"). */
  notes: string[];
}

export interface PlannedServer {
  profileId: string;
  name: string;
  gpuIndices: number[];
  requestedUtilization: number;
  estimate: MemoryEstimate;
  /** A utilization that would fit both servers and the model, when one exists. */
  suggestedUtilization: number | null;
}

export interface GpuBudget {
  index: number;
  name: string;
  totalMiB: number;
  /** Memory used by processes that are not servers of this plan. */
  usedByOthersMiB: number;
  /** Sum over planned servers on this GPU of utilization x total. */
  requestedMiB: number;
  fits: boolean;
}

export interface MemoryPlan {
  /** False when nvidia-smi is missing or failed: launching is still allowed, with a warning. */
  checked: boolean;
  gpus: GpuBudget[];
  servers: PlannedServer[];
  fits: boolean;
  /** Plain sentences for the UI: problems first, then suggestions. */
  messages: string[];
}
