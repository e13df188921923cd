import { useRef } from 'react';
import { PROMPT_SET_ACCEPT } from './prompt-set-file';
import type { PromptSetsState } from './use-prompt-sets';

/**
 * Adds a prompt set: a CSV or JSONL file (a prompt column; category, system prompt, reference answer and key
 * points optional), or the sample set of the study's three task types. Rows skipped or changed are listed.
 */
export function ImportPromptSet({ state }: { state: PromptSetsState }) {
  const input = useRef<HTMLInputElement>(null);
  const { outcome } = state;
  const busy = outcome.kind === 'busy';
  const onFile = (file: File | undefined) => {
    if (input.current) input.current.value = ''; // the same file again is a new choice
    if (file) void state.importFile(file);
  };
  return (
    <div className="prompt-set-import">
      <div className="form-actions">
        <button type="button" disabled={busy} onClick={() => input.current?.click()}>
          Import CSV/JSONL…
        </button>
        <input ref={input} type="file" accept={PROMPT_SET_ACCEPT} hidden aria-label="Prompt set file to import" onChange={(event) => onFile(event.target.files?.[0])} />
        <button type="button" disabled={busy} onClick={() => void state.importSample()}>
          Add the study&apos;s sample set
        </button>
      </div>
      {busy && <p role="status">Working…</p>}
      {outcome.kind === 'imported' && (
        <div role="status" className="prompt-set-imported">
          <p>
            Added “{outcome.set.name}”: {outcome.set.items} {outcome.set.items === 1 ? 'prompt' : 'prompts'}
            {outcome.warnings.length > 0 ? `, with ${outcome.warnings.length} ${outcome.warnings.length === 1 ? 'warning' : 'warnings'}:` : '.'}
          </p>
          {outcome.warnings.length > 0 && (
            <ul className="prompt-set-warnings" aria-label="Import warnings">
              {outcome.warnings.map((warning, index) => (
                <li key={index}>{warning}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {outcome.kind === 'deleted' && <p role="status">Deleted “{outcome.name}”. Runs already started keep their copy of its prompts.</p>}
      {outcome.kind === 'failed' && (
        <p className="field-error" role="alert">
          {outcome.message}
        </p>
      )}
    </div>
  );
}
