import { useCallback, useMemo, useState } from 'react';
import type { RunStepView } from '../../../../../electron/shared/prompt-sets';

/** A step this page sent, kept beside its comparison: the snapshot does not carry the key points. */
export interface SentStep {
  runId: string;
  step: RunStepView;
}

export interface SentSteps {
  get(comparisonId: string | undefined): SentStep | undefined;
  /** The step a comparison on screen ran, when this page sent it. */
  stepOf(comparisonId: string | undefined): RunStepView | null;
  remember(comparisonId: string, sent: SentStep): void;
  forget(comparisonId: string): void;
}

/**
 * The prompt set steps this page sent, by comparison id: what the vote screen needs of a step (its category and
 * key points). Kept in memory only; a comparison reopened after a restart is voted without its key points.
 */
export function useSentSteps(): SentSteps {
  const [sent, setSent] = useState<ReadonlyMap<string, SentStep>>(new Map());
  const get = useCallback((comparisonId: string | undefined) => (comparisonId ? sent.get(comparisonId) : undefined), [sent]);
  const stepOf = useCallback((comparisonId: string | undefined) => get(comparisonId)?.step ?? null, [get]);
  const remember = useCallback((comparisonId: string, step: SentStep) => setSent((map) => new Map(map).set(comparisonId, step)), []);
  const forget = useCallback(
    (comparisonId: string) =>
      setSent((map) => {
        const copy = new Map(map);
        copy.delete(comparisonId);
        return copy;
      }),
    [],
  );
  return useMemo(() => ({ get, stepOf, remember, forget }), [get, stepOf, remember, forget]);
}
