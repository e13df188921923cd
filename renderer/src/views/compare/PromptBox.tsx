import { memo, useId, type RefObject } from 'react';

interface PromptBoxProps {
  value: string;
  onChange(text: string): void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  running: boolean;
  /** Why Send is unavailable right now, or null when it is available. */
  blockedReason: string | null;
  /** Something to know before sending (e.g. it will start a new conversation). */
  notice: string | null;
  canRegenerate: boolean;
  onSend(): void;
  onCancel(): void;
  onRegenerate(): void;
}

const MAC = /Mac|iPhone|iPad/.test(navigator.platform);
export const SEND_KEYS = MAC ? '⌘+Enter' : 'Ctrl+Enter';

/** The prompt and the turn's actions. Ctrl/Cmd+Enter sends and Escape cancels (handled by the view). */
export const PromptBox = memo(function PromptBox({ value, onChange, inputRef, running, blockedReason, notice, canRegenerate, onSend, onCancel, onRegenerate }: PromptBoxProps) {
  const hintId = useId();
  const hint = running ? 'Both models are answering. Escape cancels both.' : (blockedReason ?? notice ?? `${SEND_KEYS} sends to both models; Enter makes a new line.`);
  return (
    <div className="prompt-box">
      <textarea
        ref={inputRef}
        aria-label="Prompt"
        data-compare-prompt=""
        aria-describedby={hintId}
        rows={3}
        value={value}
        disabled={running}
        placeholder="Ask both models the same thing…"
        onChange={(event) => onChange(event.target.value)}
      />
      <div className="prompt-actions">
        <p id={hintId} className={!running && (blockedReason || notice) ? 'prompt-hint blocked' : 'prompt-hint'} aria-live="polite">
          {hint}
        </p>
        {running ? (
          <button type="button" className="danger" aria-keyshortcuts="Escape" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          <button type="button" disabled={!canRegenerate} onClick={onRegenerate} title="Run the last turn again on both sides">
            Regenerate both answers
          </button>
        )}
        <button type="button" className="primary" disabled={running || blockedReason !== null || !value.trim()} aria-keyshortcuts={MAC ? 'Meta+Enter' : 'Control+Enter'} title={`Send (${SEND_KEYS})`} onClick={onSend}>
          Send
        </button>
      </div>
    </div>
  );
});
