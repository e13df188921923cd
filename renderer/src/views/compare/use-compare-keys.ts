import { useEffect, useRef } from 'react';

/**
 * The view's keys, wherever focus is inside the window (the prompt box is disabled while a turn runs, so focus
 * may be on nothing): Ctrl/Cmd+Enter sends, Escape cancels a running turn. Only while the view is shown.
 */
export function useCompareKeys(active: boolean, actions: { running: boolean; send(): void; cancel(): void }): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.key === 'Escape') {
        // In a field other than the prompt (the drawer's system prompt and sampling), Escape belongs to the field.
        if (isOtherField(event.target)) return;
        // Not gated on `running`: that lags a render behind, and Escape right after Ctrl+Enter must still count
        // (cancel does nothing when no turn runs).
        if (latest.current.running) event.preventDefault();
        latest.current.cancel();
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        latest.current.send();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}

function isOtherField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const editable = target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  return editable && !target.hasAttribute('data-compare-prompt');
}
