import { useEffect, useRef, type RefObject } from 'react';

/** The prompt box is disabled while a turn runs, which drops focus; give it back when the turn is over. */
export function useRefocusWhenDone(running: boolean, promptRef: RefObject<HTMLTextAreaElement | null>, enabled = true): void {
  const wasRunning = useRef(running);
  useEffect(() => {
    if (enabled && wasRunning.current && !running && (document.activeElement === document.body || document.activeElement === null)) promptRef.current?.focus();
    wasRunning.current = running;
  }, [running, promptRef, enabled]);
}
