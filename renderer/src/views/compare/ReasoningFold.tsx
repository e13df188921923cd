import { useRef, useState } from 'react';
import { groupThousands } from './timing-format';
import { useFollowBottom } from './use-follow-bottom';

/**
 * The model's reasoning ("thinking") text, kept apart from the answer and folded by default; its length is
 * in the summary so a long deliberation is visible without opening it. Rendered only while open.
 */
export function ReasoningFold({ text, thinking }: { text: string; thinking: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="reasoning" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        Reasoning · {groupThousands(text.length)} characters
        {thinking && <span className="reasoning-live"> — thinking…</span>}
      </summary>
      {open && <ReasoningText text={text} />}
    </details>
  );
}

/** Plain text (reasoning is a draft, not an answer to format), following its end while it grows. */
function ReasoningText({ text }: { text: string }) {
  const box = useRef<HTMLDivElement>(null);
  useFollowBottom(box, text.length);
  return (
    <div ref={box} className="reasoning-text" tabIndex={0} role="group" aria-label="Reasoning text">
      {text}
    </div>
  );
}
