import { findFirst, type Explanation, type FailureRule } from './context';

// A quantization the GPU or the checkpoint cannot run, refused by vLLM's config validation before any memory is
// touched. The memory plan predicts it (memory-weights.ts, quantization-support.ts); this rule explains it when a
// launch went ahead anyway. (A max-model-len beyond the model is a bad argument: rules-environment.ts.)

export const quantizationUnsupported: FailureRule = {
  reason: 'quantization-unsupported',
  match: (ctx) =>
    findFirst(ctx.messages, [
      // vllm/config: QuantizationConfig.get_min_capability() above the GPU's.
      { variant: 'capability', hint: 'is not supported for the current GPU', pattern: /The quantization method (\S+) is not supported for the current GPU\. Minimum capability: (\d+)\. Current capability: (\d+)/ },
      // The checkpoint declares one method, the command line asks for another.
      { variant: 'mismatch', hint: 'does not match the quantization method', pattern: /Quantization method specified in the model config \((\S+)\) does not match the quantization method specified in the `quantization` argument \((\S+)\)/ },
      // The model's dtype is not one the method computes in (fp8 with --dtype float32).
      { variant: 'dtype', hint: 'is not supported for quantization method', pattern: /torch\.(\w+) is not supported for quantization method (\S+)\./ },
      // --quantization awq|gptq on a checkpoint with no quantization config (get_quant_config).
      { variant: 'no-config', hint: 'Cannot find the config file for', pattern: /Cannot find the config file for (\S+)/ },
    ]),
  explain: (match): Explanation => {
    const [, a, b, c] = match.captures;
    if (match.variant === 'capability') {
      const cap = (n: string | undefined): string => (n ? `${n.slice(0, -1)}.${n.slice(-1)}` : '?');
      return {
        summary: `This GPU (compute capability ${cap(c)}) cannot run ${a} quantization, which needs ${cap(b)} or newer.`,
        advice: 'Clear the profile\'s quantization, or choose a checkpoint quantized with a method this GPU runs (GPTQ runs on 6.0 and newer, AWQ on 7.5).',
        figures: { minimumCapability: Number(cap(b)), computeCapability: Number(cap(c)) },
      };
    }
    if (match.variant === 'dtype') {
      return {
        summary: `The ${b} quantization does not compute in ${a}, the dtype the profile asks for.`,
        advice: 'Set dtype to auto (or half / bfloat16) in the profile.',
        figures: {},
      };
    }
    if (match.variant === 'mismatch') {
      return {
        summary: `The checkpoint is quantized with ${a}, but the profile asks vLLM for --quantization ${b}.`,
        advice: 'Clear the profile\'s quantization: vLLM reads the checkpoint\'s own method.',
        figures: {},
      };
    }
    return {
      summary: `The profile asks for --quantization ${a}, which needs a checkpoint quantized with ${a}, and this model has plain 16-bit weights.`,
      advice: `Choose a ${String(a).toUpperCase()} checkpoint of the model (many repos publish one, e.g. ORG/NAME-${String(a).toUpperCase()}), or use fp8, which vLLM applies to 16-bit weights as it loads them.`,
      figures: {},
    };
  },
};
