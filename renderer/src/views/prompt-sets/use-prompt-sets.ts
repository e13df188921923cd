import { useCallback, useEffect, useState } from 'react';
import type { PromptSetImported, PromptSetSummary } from '../../../../electron/shared/prompt-sets';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../models/format';
import { importRequestOf } from './prompt-set-file';

/** What the last import or deletion did, in the words shown under the list. */
export type PromptSetOutcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'imported'; set: PromptSetSummary; warnings: string[] }
  | { kind: 'deleted'; name: string }
  | { kind: 'failed'; message: string };

export interface PromptSetsState {
  /** null while loading. */
  sets: PromptSetSummary[] | null;
  loadError: string | null;
  outcome: PromptSetOutcome;
  importFile(file: File): Promise<void>;
  importSample(): Promise<void>;
  remove(set: PromptSetSummary): Promise<void>;
}

/** The stored prompt sets, and adding or deleting one (the list is fetched again after each change). */
export function usePromptSets(): PromptSetsState {
  const api = useApi();
  const [sets, setSets] = useState<PromptSetSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<PromptSetOutcome>({ kind: 'idle' });

  const reload = useCallback(async () => {
    try {
      setSets(await api['promptSets.list']({}));
      setLoadError(null);
    } catch (failure) {
      setLoadError(errorMessage(failure));
    }
  }, [api]);
  useEffect(() => void reload(), [reload]);

  const added = useCallback(
    async (request: () => Promise<PromptSetImported>) => {
      setOutcome({ kind: 'busy' });
      try {
        const imported = await request();
        setOutcome({ kind: 'imported', set: imported.set, warnings: imported.warnings });
        await reload();
      } catch (failure) {
        setOutcome({ kind: 'failed', message: errorMessage(failure) });
      }
    },
    [reload],
  );

  const importFile = useCallback(
    async (file: File) => {
      const request = await importRequestOf(file).catch((failure: unknown) => ({ error: errorMessage(failure) }));
      if ('error' in request) setOutcome({ kind: 'failed', message: request.error });
      else await added(() => api['promptSets.import'](request));
    },
    [api, added],
  );
  const importSample = useCallback(() => added(() => api['promptSets.importSample']({})), [api, added]);

  const remove = useCallback(
    async (set: PromptSetSummary) => {
      setOutcome({ kind: 'busy' });
      try {
        await api['promptSets.delete']({ promptSetId: set.id });
        setOutcome({ kind: 'deleted', name: set.name });
        await reload();
      } catch (failure) {
        setOutcome({ kind: 'failed', message: errorMessage(failure) });
      }
    },
    [api, reload],
  );
  return { sets, loadError, outcome, importFile, importSample, remove };
}
