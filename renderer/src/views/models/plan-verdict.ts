// The plan's verdict in the four forms the panel shows. "Can't tell" is a warning, never a check mark: a plan
// with an unknown size has not shown that the servers fit (design §4).
import type { MemoryPlan } from '../../../../electron/shared/gpu';

export type VerdictKind = 'fits' | 'overflow' | 'unknown' | 'unchecked';

export function verdictKind(plan: MemoryPlan): VerdictKind {
  if (!plan.checked) return 'unchecked';
  if (plan.verdict === 'fits') return 'fits';
  return plan.verdict === 'does-not-fit' ? 'overflow' : 'unknown';
}

/** What follows the servers' names in the panel's one-line summary. */
export const VERDICT_WORDS: Record<VerdictKind, string> = {
  fits: '✓ fit together',
  overflow: '✕ do not fit together',
  unknown: '⚠ can\'t tell',
  unchecked: 'not checked (no nvidia-smi)',
};

export const VERDICT_ICON: Record<VerdictKind, string> = { fits: '✓', overflow: '✕', unknown: '⚠', unchecked: '⚠' };

/** The verdict paragraph's class: green, red, amber, amber. */
export const VERDICT_CLASS: Record<VerdictKind, string> = {
  fits: 'plan-fits',
  overflow: 'plan-overflow',
  unknown: 'plan-unknown',
  unchecked: 'plan-unchecked',
};

/** The summary line's class: only a fit is quiet; the rest want to be read. */
export const SUMMARY_CLASS: Record<VerdictKind, string> = {
  fits: 'muted',
  overflow: 'error-text',
  unknown: 'warning-text',
  unchecked: 'warning-text',
};
