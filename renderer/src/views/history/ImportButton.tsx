import { useRef, useState } from 'react';
import { ApiError } from '../../../../electron/shared/errors';
import type { SessionSummary } from '../../../../electron/shared/sessions';
import { MAX_IMPORT_BYTES } from '../../../../electron/shared/session-values';
import { useApi } from '../../api/api-context';
import { errorMessage } from './history-format';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'imported'; name: string }
  /** The session is here already: the text is kept so "import as a copy" does not ask for the file again. */
  | { kind: 'conflict'; message: string; jsonl: string }
  | { kind: 'failed'; message: string };

/** Imports a JSONL export (restored under its own id), offering a copy when that session already exists. */
export function ImportButton({ onImported }: { onImported(session: SessionSummary): void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const importText = async (jsonl: string, asCopy: boolean) => {
    setOutcome({ kind: 'busy' });
    try {
      const session = await api['sessions.import'](asCopy ? { jsonl, asCopy } : { jsonl });
      setOutcome({ kind: 'imported', name: session.name });
      onImported(session);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict' && !asCopy) setOutcome({ kind: 'conflict', message: error.message, jsonl });
      else setOutcome({ kind: 'failed', message: errorMessage(error) });
    }
  };
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (input.current) input.current.value = ''; // the same file again is a new choice
    if (file.size > MAX_IMPORT_BYTES) {
      setOutcome({ kind: 'failed', message: `${file.name} is ${Math.round(file.size / 1048576)} MB: import files over ${MAX_IMPORT_BYTES / 1048576} MB with \`npm run pairwise -- import --in FILE\`.` });
      return;
    }
    try {
      await importText(await file.text(), false);
    } catch (error) {
      setOutcome({ kind: 'failed', message: errorMessage(error) });
    }
  };
  return (
    <div className="import-button">
      <button type="button" disabled={outcome.kind === 'busy'} onClick={() => input.current?.click()}>
        Import session…
      </button>
      <input ref={input} type="file" accept=".jsonl,application/jsonl,application/x-ndjson" hidden aria-label="Session file to import" onChange={(event) => void onFile(event.target.files?.[0])} />
      {outcome.kind === 'imported' && <span role="status">Imported “{outcome.name}”.</span>}
      {outcome.kind === 'conflict' && (
        <span className="import-conflict" role="alert">
          {outcome.message}{' '}
          <button type="button" className="small" onClick={() => void importText(outcome.jsonl, true)}>
            Import as a copy
          </button>
          <button type="button" className="small quiet" onClick={() => setOutcome({ kind: 'idle' })}>
            Cancel
          </button>
        </span>
      )}
      {outcome.kind === 'failed' && (
        <span className="view-problem" role="alert">
          Import failed: {outcome.message}
        </span>
      )}
    </div>
  );
}
