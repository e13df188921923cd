import { useState } from 'react';
import type { VerdictKind } from './plan-verdict';

/**
 * Whether the plan's <details> is open: it opens by itself when the verdict becomes anything but a fit, and folds
 * when it becomes a fit; `keepOpen` (an apply failure to read) opens it whenever it turns on and keeps a fit from
 * folding it. In between the person decides. Controlled rather than re-keyed, so the contents keep their state.
 */
export function usePlanOpen(kind: VerdictKind | null, keepOpen: boolean): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState<{ kind: VerdictKind | null; keepOpen: boolean }>({ kind: null, keepOpen: false });
  // Adjusting state while rendering when an input changes: React's documented alternative to an effect.
  if (kind !== seen.kind || keepOpen !== seen.keepOpen) {
    setSeen({ kind, keepOpen });
    if (keepOpen && !seen.keepOpen) setOpen(true);
    else if (kind !== seen.kind && kind !== null) setOpen(kind !== 'fits' || keepOpen);
  }
  return [open, setOpen];
}
