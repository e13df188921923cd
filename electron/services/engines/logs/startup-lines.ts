import type { StartupStage } from '../../../shared/engine';
import { countsOf, parseProgressBar, type ProgressBar } from './progress-bar';

// What each startup line vLLM prints tells about its progress (vllm-facts.md "Startup log"), as data: one entry
// per line shape, old and new wordings side by side. A new wording is one more entry.

export interface StartupFacts {
  vllmVersion?: string;
  maxModelLen?: number;
  kvCacheTokens?: number;
  maxConcurrency?: number;
  weightsGiB?: number;
  listeningUrl?: string;
  architecture?: string;
}

export interface StartupSignal {
  stage: StartupStage;
  /** Progress within the stage, 0..1. */
  sub: number;
  /** Short human label; when absent the current one stays. */
  detail?: string;
  facts?: StartupFacts;
  /** The weights are really being fetched (not a cache check): the download dominates the startup. */
  download?: boolean;
  /** `Starting to load model`: the download, if any, begins right after it. */
  loadStart?: boolean;
  /** A CUDA-graph capture bar, whose label tells one capture pass from the next. */
  graphBar?: { desc: string; fraction: number };
}

interface LineShape {
  pattern: RegExp;
  read: (match: RegExpExecArray) => StartupSignal;
}

/** A pause below this is vLLM checking the cache, not a download (it logs anything over 0.5 s). */
const REAL_DOWNLOAD_SECONDS = 5;

const int = (text: string | undefined): number => Number((text ?? '').replace(/,/g, ''));

const SHAPES: readonly LineShape[] = [
  // 1. Version banner (old: one line; new: ASCII art with `version X` on its second line) and argument echo.
  { pattern: /^vLLM API server version (\S+)/, read: (m) => version(m[1], 0.05) },
  { pattern: /[█▄▀]\s+version\s+(\d\S*)\s*$/, read: (m) => version(m[1], 0.05) },
  { pattern: /^non-default args:/, read: () => ({ stage: 'initializing', sub: 0.1, detail: 'Reading the configuration' }) },
  // 2. Model config.
  {
    pattern: /^Resolved architecture: (\S+)/,
    read: (m) => ({ stage: 'initializing', sub: 0.25, detail: `Resolved architecture ${m[1]}`, facts: { architecture: m[1] } }),
  },
  { pattern: /^Using max model len (\d+)/, read: (m) => ({ stage: 'initializing', sub: 0.3, facts: { maxModelLen: int(m[1]) } }) },
  // 3. Engine process (V1: `a V1 LLM engine`; V0: `an LLM engine`).
  {
    pattern: /^Initializing an? (?:V1 )?LLM engine \(v([^)\s]+)\)/,
    read: (m) => ({ stage: 'initializing', sub: 0.5, detail: 'Initializing the engine', facts: { vllmVersion: m[1] } }),
  },
  { pattern: /^(?:world_size=\d+ rank=|rank \d+ in world size)/, read: () => ({ stage: 'initializing', sub: 0.65, detail: 'Setting up the GPU worker' }) },
  // 4. Weights: the download (if any) happens after this line, before the first shard bar.
  {
    pattern: /^Starting to load model (.+?)\.{0,3}$/,
    read: (m) => ({ stage: 'initializing', sub: 0.85, detail: `Preparing to load ${m[1]}`, loadStart: true }),
  },
  {
    pattern: /^Time spent downloading weights for (.+?): ([\d.]+) s/,
    read: (m) =>
      Number(m[2]) >= REAL_DOWNLOAD_SECONDS
        ? { stage: 'downloading', sub: 1, detail: `Downloaded weights in ${Math.round(Number(m[2]))} s`, download: true }
        : { stage: 'initializing', sub: 0.9 },
  },
  // 5-6. Loading done.
  { pattern: /^Loading weights took ([\d.]+) s/, read: (m) => ({ stage: 'loading-weights', sub: 0.95, detail: `Weights loaded in ${m[1]} s` }) },
  {
    pattern: /^Model loading took ([\d.]+) GiB(?: memory)? and /,
    read: (m) => ({ stage: 'loading-weights', sub: 1, detail: `Weights loaded: ${m[1]} GiB`, facts: { weightsGiB: Number(m[1]) } }),
  },
  // 7. torch.compile (absent with --enforce-eager).
  { pattern: /^Using cache directory: .* for vLLM's torch\.compile/, read: () => compiling(0.1) },
  { pattern: /^Dynamo bytecode transform time/, read: () => compiling(0.3) },
  { pattern: /^(?:Compiling a graph for|Directly load the compiled graph|Cache the graph of)/, read: () => compiling(0.7) },
  {
    pattern: /^torch\.compile (?:takes|took|and initial profiling run took) ([\d.]+) s/,
    read: (m) => ({ stage: 'compiling', sub: 1, detail: `Compiled in ${m[1]} s` }),
  },
  // 8-9. Memory profiling and KV cache sizing (V0: `# GPU blocks`).
  { pattern: /^(?:Memory profiling takes|Initial profiling\/warmup run took)/, read: () => kv(0.2, 'Measuring memory use') },
  { pattern: /^Available KV cache memory: ([\d.]+) GiB/, read: (m) => kv(0.5, `Sizing the KV cache: ${m[1]} GiB available`) },
  {
    pattern: /^(?:[A-Z]PU )?KV cache size: ([\d,]+) tokens(?:, Maximum concurrency for [\d,]+ tokens per request: ([\d.]+)x)?/,
    read: (m) => ({
      ...kv(m[2] ? 1 : 0.8, `KV cache: ${m[1]} tokens`),
      facts: m[2] ? { kvCacheTokens: int(m[1]), maxConcurrency: Number(m[2]) } : { kvCacheTokens: int(m[1]) },
    }),
  },
  {
    pattern: /^Maximum concurrency for [\d,]+ tokens per request: ([\d.]+)x/,
    read: (m) => ({ ...kv(1), facts: { maxConcurrency: Number(m[1]) } }),
  },
  { pattern: /^# [A-Z]PU blocks: \d+/, read: () => kv(0.9, 'Sizing the KV cache') },
  // 10. CUDA graphs (the bars are read below).
  { pattern: /^Graph capturing finished in (\d+) secs?/, read: (m) => ({ stage: 'cuda-graphs', sub: 1, detail: `CUDA graphs captured in ${m[1]} s` }) },
  // 11-14. Engine ready, API server up.
  {
    pattern: /^init engine \(profile, create kv cache, warmup model\) took ([\d.]+)/,
    read: (m) => ({ stage: 'starting-server', sub: 0.1, detail: `Engine ready in ${Math.round(Number(m[1]))} s; starting the API server` }),
  },
  {
    pattern: /^Starting vLLM (?:API )?server\b[^:]{0,60}? on (https?:\/\/\S+)/,
    read: (m) => ({ stage: 'starting-server', sub: 0.5, detail: `Server listening on ${m[1]}`, facts: { listeningUrl: m[1] } }),
  },
  { pattern: /^(?:Available routes are:|Route: )/, read: () => ({ stage: 'starting-server', sub: 0.6 }) },
  { pattern: /^(?:Started server process|Waiting for application startup)/, read: () => ({ stage: 'starting-server', sub: 0.8 }) },
  {
    pattern: /^Uvicorn running on (https?:\/\/\S+)/,
    read: (m) => ({ stage: 'waiting-health', sub: 0, detail: 'Waiting for the health check', facts: { listeningUrl: m[1] } }),
  },
  { pattern: /^Application startup complete/, read: () => ({ stage: 'waiting-health', sub: 0, detail: 'Waiting for the health check' }) },
];

/** What a startup message says about progress, or null when it says nothing. */
export function readStartupLine(message: string): StartupSignal | null {
  for (const shape of SHAPES) {
    const match = shape.pattern.exec(message);
    if (match) return shape.read(match);
  }
  const bar = parseProgressBar(message);
  return bar ? readBar(bar) : null;
}

function readBar(bar: ProgressBar): StartupSignal | null {
  const counts = countsOf(bar);
  if (/checkpoint shards|^Loading safetensors|loading shards/i.test(bar.desc)) {
    const detail = counts ? `Loading weights: shard ${counts.done}/${counts.total}` : `Loading weights: ${pct(bar)}`;
    return { stage: 'loading-weights', sub: bar.fraction, detail };
  }
  if (/^Capturing CUDA graph/.test(bar.desc)) {
    const detail = counts ? `Capturing CUDA graphs ${counts.done}/${counts.total}` : `Capturing CUDA graphs ${pct(bar)}`;
    return { stage: 'cuda-graphs', sub: 0, detail, graphBar: { desc: bar.desc, fraction: bar.fraction } };
  }
  return readDownloadBar(bar);
}

/** huggingface_hub's bars: `Fetching 4 files`, one per weight file, or (older) `Downloading (…)`. */
function readDownloadBar(bar: ProgressBar): StartupSignal | null {
  const fetching = /^Fetching (\d+) files/.exec(bar.desc);
  if (fetching) return downloading(bar.fraction, `Downloading weights: ${bar.done}/${bar.total} files`);
  const shard = /-(\d+)-of-(\d+)\.(?:safetensors|bin)$/.exec(bar.desc);
  if (shard) {
    const index = int(shard[1]);
    const total = Math.max(1, int(shard[2]));
    return downloading((index - 1 + bar.fraction) / total, `Downloading weights: file ${index}/${total}, ${pct(bar)}`);
  }
  if (/\.(?:safetensors|bin|pt|pth|gguf)$/.test(bar.desc) || /^Downloading\b/.test(bar.desc)) {
    return downloading(bar.fraction, `Downloading weights: ${pct(bar)}`);
  }
  return null;
}

function version(value: string | undefined, sub: number): StartupSignal {
  return { stage: 'initializing', sub, detail: `Starting vLLM ${value ?? ''}`.trim(), facts: value ? { vllmVersion: value } : {} };
}

function compiling(sub: number): StartupSignal {
  return { stage: 'compiling', sub, detail: 'Compiling the model (torch.compile)' };
}

function kv(sub: number, detail?: string): StartupSignal {
  return detail ? { stage: 'kv-cache', sub, detail } : { stage: 'kv-cache', sub };
}

function downloading(sub: number, detail: string): StartupSignal {
  return { stage: 'downloading', sub, detail, download: true };
}

function pct(bar: ProgressBar): string {
  return `${Math.round(bar.fraction * 100)}%`;
}
