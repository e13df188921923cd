import type { FailureRule } from './context';
import { bf16Unsupported, badArguments, executableNotFound, noGpu, portInUse } from './rules-environment';
import { cudaOom, gpuMemoryInsufficient, kvCacheNoRoom, maxLenExceedsKv } from './rules-memory';
import { gatedModel, modelNotFound, unsupportedArchitecture } from './rules-model';
import { engineDied, killed, startupTimeout, unknownFailure } from './rules-process';
import { quantizationUnsupported } from './rules-settings';

/**
 * One rule per failure reason, tried in this order; the first that matches explains the failure. Root causes come
 * first and the catch-alls last: a gated repo is also reported as "Invalid repository ID", an engine that ran out
 * of memory while serving also shows EngineDeadError, and a startup that hung after an error also times out.
 * The `endpoint-*` reasons are not here: endpoint profiles have no log, their engine diagnoses them from HTTP.
 */
export const FAILURE_RULES: readonly FailureRule[] = [
  gatedModel,
  unsupportedArchitecture,
  modelNotFound,
  noGpu,
  bf16Unsupported,
  quantizationUnsupported,
  gpuMemoryInsufficient,
  maxLenExceedsKv,
  kvCacheNoRoom,
  cudaOom,
  portInUse,
  badArguments,
  executableNotFound,
  engineDied,
  killed,
  startupTimeout,
  unknownFailure,
];

export { unknownFailure };
