// What the app knows about a model server while it runs: its state, startup stage, logs and failure diagnosis.
// Pure types and constants, shared by the supervisor (main) and the Models view (renderer).

/** design §4: stopped -> starting -> ready -> stopping -> stopped, plus crashed (exited on its own) and failed. */
export const ENGINE_STATES = ['stopped', 'starting', 'ready', 'stopping', 'crashed', 'failed'] as const;
export type EngineState = (typeof ENGINE_STATES)[number];

/** States in which a server holds (or is about to hold) GPU memory and a port: it cannot be started again. */
export const ACTIVE_ENGINE_STATES = ['starting', 'ready', 'stopping'] as const satisfies readonly EngineState[];
export type ActiveEngineState = (typeof ACTIVE_ENGINE_STATES)[number];

export function isActiveState(state: EngineState): state is ActiveEngineState {
  return ACTIVE_ENGINE_STATES.some((active) => active === state);
}

/** Startup stages in the order vLLM goes through them (vllm-facts.md, "Startup log"). */
export const STARTUP_STAGES = [
  'waiting-for-gpu', // another server on the same GPU is still starting (sequenced launch)
  'spawning', // process started, nothing recognisable printed yet
  'initializing', // version banner, argument echo, architecture resolved, engine config
  'downloading', // first use of a model: weights fetched from the hub
  'loading-weights', // safetensors shards
  'compiling', // torch.compile
  'kv-cache', // profiling memory, sizing the KV cache
  'cuda-graphs', // capturing CUDA graphs
  'starting-server', // "Starting vLLM server on http://..." / routes / uvicorn startup
  'waiting-health', // the API is up; waiting for /health then /v1/models to list the served name
  'ready',
] as const;
export type StartupStage = (typeof STARTUP_STAGES)[number];

/** Reason codes for a server that did not start or stopped on its own (design §4 "Diagnosis"). */
export const FAILURE_REASONS = [
  'gpu-memory-insufficient', // free GPU memory below gpu-memory-utilization x total at startup
  'kv-cache-no-room', // no memory left for KV cache blocks
  'max-len-exceeds-kv', // KV cache cannot hold one sequence of max-model-len
  'cuda-oom', // torch.OutOfMemoryError / CUDA out of memory
  'port-in-use', // [Errno 98] Address already in use
  'model-not-found', // invalid repository id or local directory (also offline with nothing cached)
  'gated-model', // gated repo: needs HF_TOKEN and accepted licence
  'unsupported-architecture',
  'no-gpu', // failed to infer device type
  'bf16-unsupported', // bfloat16 on a GPU with compute capability < 8.0
  'quantization-unsupported', // a quantization the GPU or the checkpoint cannot run
  'bad-arguments', // argparse rejected the command line (exit 2)
  'executable-not-found', // the vllm command / python does not exist
  'engine-died', // the engine process died while serving (/health 503, server exits)
  'startup-timeout', // not ready before the deadline
  'endpoint-unreachable', // an endpoint profile's server does not answer
  'endpoint-unauthorized', // it answers 401/403: wrong or missing API key
  'endpoint-model-missing', // it answers, but /v1/models does not list the served name
  'killed', // ended by a signal nobody in the app sent (OOM killer, kill -9)
  'unknown',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface Diagnosis {
  reason: FailureReason;
  /** One line saying what happened, with numbers where the log gave them. */
  summary: string;
  /** What the person can do about it, concretely (values to set, things to stop). */
  advice: string;
  /** The log line the diagnosis rests on, when one matched. */
  evidence: string | null;
  /** Numbers parsed from the evidence (GiB, tokens, utilization...), for the UI and tests. */
  figures: Record<string, number>;
}

export interface LogLine {
  /** Increases by one per line for the server's whole life in the app (survives ring eviction). */
  seq: number;
  /** Epoch milliseconds when the line was read. */
  at: number;
  /** 'app' marks lines Pairwise itself wrote (the launch command, stop requests), not the server. */
  stream: 'stdout' | 'stderr' | 'app';
  /** The line with ANSI escapes removed. */
  text: string;
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  at: number;
}

export interface EngineStatus {
  profileId: string;
  state: EngineState;
  /** The API server's pid (also its process group id). */
  pid: number | null;
  port: number | null;
  /** Where the OpenAI-compatible API answers, e.g. http://127.0.0.1:8123/v1 */
  baseUrl: string | null;
  stage: StartupStage | null;
  /** 0..1 over the whole startup, when it can be estimated. */
  progress: number | null;
  /** A short human label for the current step, e.g. "Loading weights: shard 2/4". */
  stageDetail: string | null;
  /** Epoch ms: when this start began, when it became ready. */
  startedAt: number | null;
  readyAt: number | null;
  lastExit: ExitInfo | null;
  diagnosis: Diagnosis | null;
  /** Crashes counted for auto-restart in the current window. */
  restarts: number;
  /** Epoch ms of the next automatic restart, when one is scheduled. */
  nextRestartAt: number | null;
  /** Server facts learned while running. */
  vllmVersion: string | null;
  maxModelLen: number | null;
}

export function idleStatus(profileId: string): EngineStatus {
  return {
    profileId,
    state: 'stopped',
    pid: null,
    port: null,
    baseUrl: null,
    stage: null,
    progress: null,
    stageDetail: null,
    startedAt: null,
    readyAt: null,
    lastExit: null,
    diagnosis: null,
    restarts: 0,
    nextRestartAt: null,
    vllmVersion: null,
    maxModelLen: null,
  };
}
