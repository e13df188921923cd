import { randomUUID } from 'node:crypto';
import type { ComparisonSnapshot, SideFinished, StartComparison } from '../../electron/shared/compare';
import type { Harness } from './engine-harness';

export const SAMPLING = { temperature: 0.7, topP: 0.95, maxTokens: 256, seed: 7 };

export function startRequest(leftProfileId: string, rightProfileId: string, overrides: Partial<StartComparison> = {}): StartComparison {
  return { comparisonId: randomUUID(), conversationId: null, leftProfileId, rightProfileId, systemPrompt: 'You are concise.', userMessage: 'Explain KV caching in two sentences.', sampling: SAMPLING, ...overrides };
}

/** Starts a comparison through the dispatcher (as the renderer would) and waits until both sides finished. */
export async function compareAndWait(harness: Harness, request: StartComparison, timeoutMs = 20_000): Promise<{ snapshot: ComparisonSnapshot; finished: SideFinished[]; deltas: number }> {
  const finished: SideFinished[] = [];
  let deltas = 0;
  const { comparisonId } = request;
  const offDelta = harness.services.bus.on('compare.delta', (d) => d.comparisonId === comparisonId && (deltas += 1));
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`comparison not finished in ${timeoutMs} ms (${finished.length} sides done)`)), timeoutMs);
    const off = harness.services.bus.on('compare.sideFinished', (event) => {
      if (comparisonId && event.comparisonId !== comparisonId) return;
      finished.push(event);
      if (finished.length === 2) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
  const reply = await harness.services.dispatch('compare.start', request);
  if (!reply.ok) throw new Error(reply.error.message);

  await done;
  offDelta();
  return { snapshot: harness.services.comparisons.get(comparisonId), finished, deltas };
}
