// Words for the engine's machine states and startup stages: the UI never shows a raw code.
import type { EngineState, StartupStage } from '../../../../electron/shared/engine';

export const STATE_LABELS: Record<EngineState, string> = {
  stopped: 'Stopped',
  starting: 'Starting',
  ready: 'Ready',
  stopping: 'Stopping',
  crashed: 'Crashed',
  failed: 'Failed',
};

export const STAGE_LABELS: Record<StartupStage, string> = {
  'waiting-for-gpu': 'Waiting for the GPU',
  spawning: 'Starting the process',
  initializing: 'Initializing',
  downloading: 'Downloading weights',
  'loading-weights': 'Loading weights',
  compiling: 'Compiling the model (torch.compile)',
  'kv-cache': 'Sizing the KV cache',
  'cuda-graphs': 'Capturing CUDA graphs',
  'starting-server': 'Starting the API server',
  'waiting-health': 'Waiting for the health check',
  ready: 'Ready',
};
