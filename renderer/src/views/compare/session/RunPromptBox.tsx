import { useId, type RefObject } from 'react';
import { SEND_KEYS } from '../PromptBox';
import { runProgress } from './run-words';
import type { RunControls } from './use-run';

interface RunPromptBoxProps {
  controls: RunControls;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  running: boolean;
  onCancel(): void;
}

const MAC = /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The prompt box while a prompt set runs: the next step's prompt as it will be sent, read-only (the set decides
 * what is asked; Pause gives the box back for typing), and the button that sends it.
 */
export function RunPromptBox({ controls, inputRef, running, onCancel }: RunPromptBoxProps) {
  const hintId = useId();
  const { run, blockedReason } = controls;
  if (!run) return null;
  const hint = running ? 'Both models are answering. Escape cancels both.' : (blockedReason ?? `${SEND_KEYS} sends this prompt of the set to both models; Pause to type your own.`);
  const sendLabel = controls.live ? 'Send next prompt' : `Resume run (${runProgress(run).text})`;
  return (
    <div className="prompt-box run-prompt-box">
      <textarea
        ref={inputRef}
        aria-label="Prompt"
        data-compare-prompt=""
        aria-describedby={hintId}
        rows={3}
        readOnly
        value={run.next?.prompt ?? ''}
        placeholder="No prompt left in the set."
      />
      <div className="prompt-actions">
        <p id={hintId} className={!running && blockedReason ? 'prompt-hint blocked' : 'prompt-hint'} aria-live="polite">
          {hint}
        </p>
        {running && (
          <button type="button" className="danger" aria-keyshortcuts="Escape" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="primary" disabled={running || blockedReason !== null} aria-keyshortcuts={MAC ? 'Meta+Enter' : 'Control+Enter'} onClick={() => void controls.send()}>
          {sendLabel}
        </button>
      </div>
    </div>
  );
}
