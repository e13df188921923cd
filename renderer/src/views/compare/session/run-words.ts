// How a prompt set run is worded in the session: its progress, and why its next step cannot be sent yet.
import type { RunView } from '../../../../../electron/shared/prompt-sets';

/** Steps behind the run (voted or skipped), of all its steps (hidden repeats included, never told apart). */
export function runProgress(run: RunView): { done: number; total: number; text: string } {
  const done = run.voted + run.skipped;
  return { done, total: run.total, text: `${done}/${run.total}` };
}

export function runIsOver(run: RunView): boolean {
  return run.next === null && run.pending === null;
}

interface BlockFacts {
  run: RunView | null;
  running: boolean;
  sessionBlocked: string | null;
  /** The run's comparison on screen has no vote yet. */
  unvotedOnScreen: boolean;
  /** The run's step sent last is not on screen (a restart): it waits in History. */
  pendingElsewhere: boolean;
  /** Voted here; the session's view has not moved on to the next step yet. */
  catchingUp: boolean;
}

/** Why the run's next step cannot be sent now, or null when it can. */
export function runBlockedReason(facts: BlockFacts): string | null {
  const { run } = facts;
  if (!run) return 'No prompt set run in this session.';
  if (facts.running) return 'Both models are answering.';
  if (facts.sessionBlocked) return facts.sessionBlocked;
  if (facts.unvotedOnScreen) return 'Vote on this comparison first (1–4), or skip it.';
  if (facts.pendingElsewhere) return 'Vote on the last prompt in History, or skip it.';
  if (facts.catchingUp || run.pending !== null) return 'Moving on to the next prompt…';
  if (!run.next) return 'Done: every prompt of the set is voted or skipped.';
  return null;
}
