import { STARTUP_STAGES, type StartupStage } from '../../../shared/engine';

// How much of the startup bar each stage fills. Measured on cached 4B-9B models (vllm-facts.md, public logs):
// imports and config ~15 s, weights 5-80 s, torch.compile 20-40 s, profiling and KV sizing ~5 s, CUDA graphs
// 3-10 s, API server ~2 s. A first run adds a download that can take minutes and then dwarfs everything else,
// so once one is seen the download takes DOWNLOAD_SHARE of what is left after the stages before it, and the later
// stages shrink in proportion. Stages already passed keep their share, so the bar never moves backwards.

const CACHED_WEIGHTS: Record<StartupStage, number> = {
  'waiting-for-gpu': 0,
  spawning: 0.04,
  initializing: 0.16,
  downloading: 0,
  'loading-weights': 0.3,
  compiling: 0.24,
  'kv-cache': 0.08,
  'cuda-graphs': 0.1,
  'starting-server': 0.05,
  'waiting-health': 0.03,
  ready: 0,
};

const DOWNLOAD_SHARE = 0.6;

function stageIndex(stage: StartupStage): number {
  return STARTUP_STAGES.indexOf(stage);
}

export function isBefore(a: StartupStage, b: StartupStage): boolean {
  return stageIndex(a) < stageIndex(b);
}

export function stageWeights(withDownload: boolean): Record<StartupStage, number> {
  if (!withDownload) return CACHED_WEIGHTS;
  const weights = { ...CACHED_WEIGHTS };
  const before = STARTUP_STAGES.filter((stage) => isBefore(stage, 'downloading')).reduce((sum, stage) => sum + CACHED_WEIGHTS[stage], 0);
  const rest = 1 - before;
  weights.downloading = rest * DOWNLOAD_SHARE;
  for (const stage of STARTUP_STAGES) {
    if (isBefore('downloading', stage)) weights[stage] = CACHED_WEIGHTS[stage] * (1 - DOWNLOAD_SHARE);
  }
  return weights;
}

/** Overall progress 0..1 at `sub` (0..1) of the way through `stage`. */
export function overallProgress(stage: StartupStage, sub: number, withDownload: boolean): number {
  if (stage === 'ready') return 1;
  const weights = stageWeights(withDownload);
  let done = 0;
  for (const earlier of STARTUP_STAGES) {
    if (earlier === stage) break;
    done += weights[earlier];
  }
  return Math.min(1, done + weights[stage] * Math.min(1, Math.max(0, sub)));
}
