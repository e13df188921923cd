import { useCallback, useMemo, useState } from 'react';
import type { SamplingParams } from '../../../../electron/shared/sampling-schema';
import type { SamplingField } from '../../../../electron/shared/sampling-limits';
import { NO_OVERRIDES, parseDraft, textsOf, type Column, type ParsedSampling, type SamplingDraft } from './sampling-form';

export interface SamplingDraftState {
  draft: SamplingDraft;
  parsed: ParsedSampling;
  /** False while the shared values still follow Settings. */
  edited: boolean;
  set(column: Column, field: SamplingField, text: string): void;
  /** Back to Settings' defaults, with no overrides. */
  reset(): void;
}

/**
 * The drawer's sampling fields. Until the person edits them, the shared values follow the defaults in
 * Settings (which may load, or change, after this view opened).
 */
export function useSamplingDraft(defaults: SamplingParams | null): SamplingDraftState {
  const [edits, setEdits] = useState<{ both: SamplingDraft['both'] | null; left: SamplingDraft['left']; right: SamplingDraft['right'] }>({
    both: null,
    left: NO_OVERRIDES,
    right: NO_OVERRIDES,
  });
  const draft = useMemo<SamplingDraft>(
    () => ({ both: edits.both ?? (defaults ? textsOf(defaults) : NO_OVERRIDES), left: edits.left, right: edits.right }),
    [edits, defaults],
  );
  const parsed = useMemo(() => parseDraft(draft), [draft]);

  const set = useCallback(
    (column: Column, field: SamplingField, text: string) =>
      setEdits((current) => {
        const base = column === 'both' ? (current.both ?? (defaults ? textsOf(defaults) : NO_OVERRIDES)) : current[column];
        return { ...current, [column]: { ...base, [field]: text } };
      }),
    [defaults],
  );
  const reset = useCallback(() => setEdits({ both: null, left: NO_OVERRIDES, right: NO_OVERRIDES }), []);
  const edited = edits.both !== null || Object.values(edits.left).some(Boolean) || Object.values(edits.right).some(Boolean);
  return useMemo(() => ({ draft, parsed, edited, set, reset }), [draft, parsed, edited, set, reset]);
}
