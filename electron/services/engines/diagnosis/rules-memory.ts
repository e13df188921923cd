import type { StartupStage } from '../../../shared/engine';
import { StartupTracker } from '../logs/startup-progress';
import {
  currentUtilization,
  findFirst,
  gib,
  round2,
  STAGE_PHRASES,
  toGiB,
  type DiagnosisContext,
  type FailureRule,
  type LinePattern,
  type RuleMatch,
} from './context';

// GPU memory failures: the startup check against free memory, the KV cache, and CUDA running out.

const FREE_MEMORY: readonly LinePattern[] = [
  {
    // vllm/v1/worker/utils.py request_memory; older builds omit the device name.
    variant: 'free-memory',
    hint: 'on startup is less than desired GPU memory utilization',
    pattern: /Free memory on device(?: (\S{1,40}))? \(([\d.]+)\/([\d.]+) GiB\) on startup is less than desired GPU memory utilization \(([\d.]+), ([\d.]+) GiB\)/,
  },
  {
    // Free memory rose while vLLM profiled: another process on the GPU released memory (two starts at once).
    variant: 'profiling-race',
    hint: 'Error in memory profiling',
    pattern: /Error in memory profiling\. Initial free memory ([\d.]+)( GiB)?, current free memory ([\d.]+)( GiB)?/,
  },
];

export const gpuMemoryInsufficient: FailureRule = {
  reason: 'gpu-memory-insufficient',
  match: (ctx) => findFirst(ctx.messages, FREE_MEMORY),
  explain: (match, ctx) => (match.variant === 'profiling-race' ? explainProfilingRace(match) : explainFreeMemory(match, ctx)),
};

function explainFreeMemory(match: RuleMatch, ctx: DiagnosisContext) {
  const [, device, freeText, totalText, utilText, requestedText] = match.captures;
  const free = Number(freeText);
  const total = Number(totalText);
  const util = utilText ? Number(utilText) : ctx.requested.gpuMemoryUtilization;
  const requested = Number(requestedText);
  // A fraction of the whole GPU that fits in what is free, with a percent of margin for what moves meanwhile.
  const suggested = round2(Math.floor((free / total) * 100) / 100 - 0.01);
  const where = device ? ` on ${device}` : '';
  const advice =
    suggested >= 0.05
      ? `Only ${gib(free)} GiB is free but ${gib(requested)} GiB was requested: lower gpu-memory-utilization to ${suggested}, or stop the other server or program using this GPU (see nvidia-smi).`
      : `Only ${gib(free)} GiB is free but ${gib(requested)} GiB was requested: the GPU is nearly full, so stop the other server or program using it (see nvidia-smi) before starting this one.`;
  return {
    summary: `vLLM needs ${gib(requested)} GiB (gpu-memory-utilization ${util} of the GPU's ${gib(total)} GiB) but only ${gib(free)} GiB was free${where} when it started.`,
    advice,
    figures: { freeGiB: free, totalGiB: total, requestedUtilization: util, requestedGiB: requested, suggestedUtilization: suggested },
  };
}

function explainProfilingRace(match: RuleMatch) {
  const [, initialText, initialUnit, currentText, currentUnit] = match.captures;
  // Older releases print bytes, newer ones GiB.
  const initial = toGiB(initialText, initialUnit ? 'GiB' : 'B');
  const current = toGiB(currentText, currentUnit ? 'GiB' : 'B');
  return {
    summary: `GPU memory changed while vLLM was measuring it (free memory went from ${gib(initial)} GiB to ${gib(current)} GiB), because another process on the same GPU loaded or released memory at the same time.`,
    advice: 'Start one server at a time on this GPU and keep other programs from loading or unloading models on it during startup, then start again.',
    figures: { initialFreeGiB: round2(initial), currentFreeGiB: round2(current) },
  };
}

export const kvCacheNoRoom: FailureRule = {
  reason: 'kv-cache-no-room',
  match: (ctx) =>
    findFirst(ctx.messages, [{ variant: 'no-blocks', hint: 'No available memory for the cache blocks', pattern: /No available memory for the cache blocks/ }]),
  explain: (_match, ctx) => {
    const weights = weightsGiB(ctx);
    const loaded = weights === null ? 'After loading the model' : `After loading ${gib(weights)} GiB of weights`;
    const util = ctx.requested.gpuMemoryUtilization;
    const budget = util > 0 ? `gpu-memory-utilization ${util}` : 'the gpu-memory-utilization budget';
    const figures: Record<string, number> = { requestedUtilization: util };
    if (weights !== null) figures.weightsGiB = weights;
    return {
      summary: `${loaded}, no memory was left for the KV cache within ${budget}.`,
      advice: `Raise gpu-memory-utilization${currentUtilization(ctx)} if the GPU has room, or use a smaller or quantized model; lowering max-num-seqs frees a little memory too.`,
      figures,
    };
  },
};

function weightsGiB(ctx: DiagnosisContext): number | null {
  for (const message of ctx.messages) {
    const loaded = /^Model loading took ([\d.]+) GiB/.exec(message.trim());
    if (loaded) return Number(loaded[1]);
  }
  return null;
}

const KV_TOO_SMALL: readonly LinePattern[] = [
  {
    // vllm/v1/core/kv_cache_utils.py; "models's" in older releases, "model's" later; the estimate is optional.
    variant: 'estimate',
    hint: 'KV cache is needed, which is larger than the available KV cache memory',
    pattern: /max seq len \((\d+)\), \(?([\d.]+) GiB KV cache is needed, which is larger than the available KV cache memory \(([\d.]+) GiB\)\.(?: Based on the available memory, the estimated maximum model length is (\d+)\.)?/,
  },
  {
    variant: 'tokens',
    hint: 'is larger than the maximum number of tokens that can be stored in KV cache',
    pattern: /max seq len \((\d+)\) is larger than the maximum number of tokens that can be stored in KV cache \((\d+)\)/,
  },
];

export const maxLenExceedsKv: FailureRule = {
  reason: 'max-len-exceeds-kv',
  match: (ctx) => findFirst(ctx.messages, KV_TOO_SMALL),
  explain: (match, ctx) => {
    if (match.variant === 'tokens') {
      const [, maxLen, tokens] = match.captures;
      return {
        summary: `The requested max-model-len ${maxLen} is more than the ${tokens} tokens the KV cache can hold in the memory left after the weights.`,
        advice: `Set max-model-len to ${tokens} or less, or raise gpu-memory-utilization${currentUtilization(ctx)}.`,
        figures: { maxModelLen: Number(maxLen), kvCacheTokens: Number(tokens), estimatedMaxModelLen: Number(tokens) },
      };
    }
    const [, maxLen, needed, available, estimate] = match.captures;
    const figures: Record<string, number> = { maxModelLen: Number(maxLen), neededGiB: Number(needed), availableGiB: Number(available) };
    if (estimate) figures.estimatedMaxModelLen = Number(estimate);
    const target = estimate ? `to ${estimate} or less` : 'lower';
    return {
      summary: `One ${maxLen}-token sequence needs ${gib(Number(needed))} GiB of KV cache, but only ${gib(Number(available))} GiB is left for it after the weights.`,
      advice: `Set max-model-len ${target}, or raise gpu-memory-utilization${currentUtilization(ctx)}.`,
      figures,
    };
  },
};

const UNIT = '(GiB|MiB|KiB|bytes?|B)';
const CUDA_OOM: readonly LinePattern[] = [
  {
    variant: 'torch-2',
    hint: 'Tried to allocate',
    pattern: new RegExp(`Tried to allocate ([\\d.]+) ${UNIT}\\. GPU (\\d+) has a total capacity of ([\\d.]+) ${UNIT} of which ([\\d.]+) ${UNIT} is free`),
  },
  {
    variant: 'torch-1',
    hint: 'Tried to allocate',
    pattern: new RegExp(`Tried to allocate ([\\d.]+) ${UNIT} \\(GPU (\\d+); ([\\d.]+) ${UNIT} total capacity; [\\d.]+ ${UNIT} already allocated; ([\\d.]+) ${UNIT} free`),
  },
  { variant: 'plain', hint: 'out of memory', pattern: /CUDA out of memory|CUDA error: out of memory/ },
  { variant: 'plain', hint: 'OutOfMemoryError', pattern: /OutOfMemoryError/ },
];

export const cudaOom: FailureRule = {
  reason: 'cuda-oom',
  match: (ctx) => findFirst(ctx.messages, CUDA_OOM),
  explain: (match, ctx) => {
    const stage = stageAt(ctx, match.index);
    const whileLoading = stage === 'spawning' || stage === 'initializing' || stage === 'downloading' || stage === 'loading-weights';
    const advice = whileLoading
      ? 'The weights do not fit in the GPU memory that is free: stop other programs on this GPU, or choose a smaller or quantized model.'
      : `Lower gpu-memory-utilization a little${currentUtilization(ctx)} to leave PyTorch room for temporary buffers, lower max-num-seqs, or add --enforce-eager to skip CUDA graphs.`;
    if (match.variant === 'plain') {
      return { summary: `CUDA ran out of GPU memory while ${STAGE_PHRASES[stage]}.`, advice, figures: {} };
    }
    const [, tried, triedUnit, gpu, total, totalUnit, ...rest] = match.captures;
    // torch-1 captures an extra unit for "already allocated" before the free amount.
    const [free, freeUnit] = match.variant === 'torch-1' ? [rest[1], rest[2]] : [rest[0], rest[1]];
    const figures = { triedGiB: round2(toGiB(tried, triedUnit)), totalGiB: round2(toGiB(total, totalUnit)), freeGiB: round2(toGiB(free, freeUnit)) };
    return {
      summary: `CUDA ran out of memory while ${STAGE_PHRASES[stage]}: it tried to allocate ${figures.triedGiB} GiB on GPU ${gpu}, which had ${figures.freeGiB} GiB free of ${figures.totalGiB} GiB.`,
      advice,
      figures,
    };
  },
};

/** How far the startup had got when line `index` was printed. */
function stageAt(ctx: DiagnosisContext, index: number): StartupStage {
  const tracker = new StartupTracker();
  const end = index < 0 ? ctx.messages.length : index;
  for (let i = 0; i < end; i++) tracker.feed(ctx.messages[i] ?? '');
  // Once the API answers, startup is over: an error then comes from serving a request.
  const stage = tracker.state.stage;
  return stage === 'waiting-health' ? 'ready' : stage;
}
