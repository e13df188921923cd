// Readiness is a race (design §4): the API answering /health 200 and then listing the served name on
// /v1/models, against the process exiting, against a deadline. Never a fixed number of retries.
import { findServedModel, parseModelList, type ListedModel } from '../inference/model-list';

export type ReadinessOutcome =
  | { kind: 'ready'; maxModelLen: number | null }
  | { kind: 'exited' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

export interface ReadinessOptions {
  /** e.g. http://127.0.0.1:8123 (no /v1). */
  origin: string;
  servedName: string;
  apiKey: string | null;
  /** Epoch ms after which the wait gives up. */
  deadline: number;
  exited: Promise<unknown>;
  signal: AbortSignal;
  /** Poll fast once the log says the HTTP server is up; slowly while weights load (no point hammering). */
  pollIntervalMs: () => number;
  /** Resolves early from a sleep, e.g. when the log says the server started listening. */
  wake: { subscribe(listener: () => void): () => void };
}

export async function waitForReady(options: ReadinessOptions): Promise<ReadinessOutcome> {
  let exited = false;
  void options.exited.then(() => (exited = true));
  for (;;) {
    if (options.signal.aborted) return { kind: 'aborted' };
    if (exited) return { kind: 'exited' };
    if (Date.now() >= options.deadline) return { kind: 'timeout' };
    const served = await probe(options);
    if (served !== null) return { kind: 'ready', maxModelLen: served.maxModelLen };
    await sleep(Math.min(options.pollIntervalMs(), Math.max(0, options.deadline - Date.now())), options);
  }
}

/** The served name's entry in /v1/models once the server is ready; null while it is not. */
async function probe(options: ReadinessOptions): Promise<ListedModel | null> {
  const timeout = AbortSignal.any([options.signal, AbortSignal.timeout(2000)]);
  try {
    const health = await fetch(`${options.origin}/health`, { signal: timeout });
    await health.body?.cancel();
    if (health.status !== 200) return null;
    const headers: Record<string, string> = options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {};
    const response = await fetch(`${options.origin}/v1/models`, { headers, signal: timeout });
    if (response.status !== 200) {
      await response.body?.cancel();
      return null;
    }
    return findServedModel(parseModelList(await response.json()), options.servedName);
  } catch {
    return null; // refused while loading, reset, timeout: not ready yet
  }
}

function sleep(ms: number, options: ReadinessOptions): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      options.signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = options.wake.subscribe(done);
    options.signal.addEventListener('abort', done, { once: true });
    void options.exited.then(done);
  });
}
