// The weights as they sit on the GPU, by dtype and quantization, and the most they take while loading.
// vLLM's online fp8 (--quantization fp8 on a 16-bit checkpoint, Fp8LinearMethod) quantizes only the linear layers
// (embeddings, lm_head, norms and biases stay 16-bit), and does so in process_weights_after_loading: the 16-bit
// weights are all on the GPU first. A pre-quantized checkpoint (config.json quantization_config) loads as stored.
import type { ModelShape } from '../../../shared/gpu';
import type { ModelSizes } from './memory-estimate';
import { storedDtypeBytes } from './memory-overheads';
import { formatGiB } from './units';

export interface WeightsInput {
  sizes: ModelSizes;
  runtimeBytes: number;
  quantization: string | null;
}

export interface WeightsOnGpu {
  steady: number | null;
  loadPeak: number | null;
}

const UNKNOWN: WeightsOnGpu = { steady: null, loadPeak: null };

/** Parameters of the linear layers (q, k, v, o, gate, up, down): what fp8 quantizes. Null without the shape. */
export function linearParameters(shape: ModelShape | null): number | null {
  const { numHiddenLayers: layers, hiddenSize: h, intermediateSize: inter, numAttentionHeads: heads, numKeyValueHeads: kv, headDim: hd } = shape ?? {};
  if (!layers || !h || !inter || !heads || !kv || !hd) return null;
  return layers * (2 * h * heads * hd + 2 * h * kv * hd + 3 * h * inter);
}

/** Methods that read their quantized tensors from the checkpoint: vLLM refuses them for 16-bit weights. */
const CHECKPOINT_METHODS = new Set(['awq', 'awq_marlin', 'gptq', 'gptq_marlin', 'marlin', 'gptq_bitblas', 'bitblas', 'gguf', 'compressed-tensors', 'modelopt', 'exl2', 'hqq', 'aqlm']);

/** Same family: vLLM upgrades awq to awq_marlin and gptq to gptq_marlin by itself. */
const family = (method: string): string => method.toLowerCase().replace(/_marlin$/, '');

export function weightsOnGpu(input: WeightsInput, notes: string[], unknowns: string[], refusals: string[]): WeightsOnGpu {
  const { sizes, runtimeBytes } = input;
  const requested = input.quantization?.toLowerCase() ?? null;
  if (sizes.source === 'name' && sizes.parametersFromName !== null) return fromName(sizes.parametersFromName, runtimeBytes, requested, notes);
  if (sizes.weightsBytes === null) {
    if (sizes.source !== 'none') unknowns.push('weights size: the model has no safetensors index or safetensors files Pairwise can read.');
    return UNKNOWN;
  }
  const checkpoint = sizes.shape?.quantization ?? null;
  if (checkpoint !== null) {
    if (requested !== null && family(requested) !== family(checkpoint.method)) {
      refusals.push(`The checkpoint is quantized with ${checkpoint.method}, and vLLM refuses --quantization ${requested} for it ("Quantization method specified in the model config ... does not match"). Clear the profile's quantization.`);
      return UNKNOWN;
    }
    notes.push(`weights ${formatGiB(sizes.weightsBytes)}, pre-quantized (${checkpoint.method}${checkpoint.bits ? `, ${checkpoint.bits}-bit` : ''}), loaded as stored`);
    return { steady: sizes.weightsBytes, loadPeak: sizes.weightsBytes };
  }
  const stored = storedDtypeBytes(sizes.shape?.torchDtype ?? null) ?? runtimeBytes;
  const parameters = sizes.weightsBytes / stored;
  const loaded = parameters * runtimeBytes;
  if (requested === 'fp8') {
    // Fp8Config.get_supported_act_dtypes(): bfloat16 and float16 only.
    if (runtimeBytes === 4) refusals.push('fp8 quantization runs in bfloat16 or float16 only, and the profile asks for float32: vLLM stops with "torch.float32 is not supported for quantization method fp8". Set dtype to auto.');
    return onlineFp8(parameters, loaded, runtimeBytes, sizes.shape, notes);
  }
  if (requested !== null && !CHECKPOINT_METHODS.has(requested)) {
    unknowns.push(`weights: Pairwise does not model --quantization ${requested} (quantized by vLLM as it loads), so it cannot tell their size. Launch it once: vLLM's log says "Model loading took ... GiB".`);
    return UNKNOWN;
  }
  if (requested !== null) {
    refusals.push(`--quantization ${requested} needs a checkpoint quantized with ${requested} (its config.json declares it), and this one has 16-bit weights: vLLM stops with "Cannot find the config file for ${requested}". Choose ${/^[aeiou]/i.test(requested) ? 'an' : 'a'} ${requested.toUpperCase()} variant of the model, or fp8.`);
    return UNKNOWN;
  }
  notes.push(stored === runtimeBytes ? `weights ${formatGiB(loaded)} as stored on disk` : `weights ${formatGiB(sizes.weightsBytes)} on disk in ${stored}-byte floats, ${formatGiB(loaded)} loaded in ${runtimeBytes}-byte floats`);
  return { steady: loaded, loadPeak: loaded };
}

function onlineFp8(parameters: number, loaded: number, runtimeBytes: number, shape: ModelShape | null, notes: string[]): WeightsOnGpu {
  const linear = linearParameters(shape);
  // Without the shape, the embeddings' share is unknown: taking every parameter at 1 byte would under-count.
  const steady = linear === null || linear > parameters ? loaded : linear + (parameters - linear) * runtimeBytes;
  notes.push(`--quantization fp8: linear layers in 1 byte, the rest in ${runtimeBytes}: ${formatGiB(steady)} once loaded; the ${formatGiB(loaded)} of 16-bit weights are on the GPU while loading`);
  return { steady, loadPeak: loaded };
}

function fromName(billions: number, runtimeBytes: number, requested: string | null, notes: string[]): WeightsOnGpu {
  const perParameter = requested === 'fp8' ? 1 : requested !== null ? 0.55 : runtimeBytes;
  const steady = billions * 1e9 * perParameter;
  notes.push(`weights estimated from the name: ${billions} billion parameters x ${perParameter} bytes = about ${formatGiB(steady)}`);
  return { steady, loadPeak: requested === 'fp8' ? billions * 1e9 * runtimeBytes : steady };
}
