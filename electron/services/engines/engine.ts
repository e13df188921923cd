import type { EngineStatus } from '../../shared/engine';
import type { ServerFacts } from '../../shared/sessions';
import type { ServerLog } from './server-log';

/** How compare reaches a ready server. The API key never leaves main. */
export interface EngineConnection {
  /** OpenAI-compatible base URL ending in /v1. */
  baseUrl: string;
  apiKey: string | null;
  servedName: string;
  /** What reproduces its answers (source, revision, vLLM version, argv, GPU), recorded with each comparison. */
  facts: ServerFacts;
}

/** A launched vLLM server or a connected endpoint, as the manager and the handlers see it. */
export interface Engine {
  readonly status: EngineStatus;
  readonly log: ServerLog;
  /** Starts it; resolves once it is `starting` (readiness continues in the background). */
  launch(): Promise<EngineStatus>;
  /** Stops it and resolves when it is `stopped` (its process group confirmed empty). */
  stop(): Promise<EngineStatus>;
  connection(): EngineConnection | null;
  dispose(): Promise<void>;
}
