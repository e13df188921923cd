import { useCallback, useState } from 'react';
import type { ProfileChange } from '../../../../electron/shared/gpu';
import { errorMessage } from './format';

export interface ApplyFailure {
  name: string;
  message: string;
}

export interface ApplyOutcome {
  applied: string[];
  failures: ApplyFailure[];
}

export interface ProposalApply {
  applying: boolean;
  /** The last apply's result; null before the first and while one runs. */
  outcome: ApplyOutcome | null;
  apply(changes: ProfileChange[]): void;
}

/**
 * Applies a proposal's changes one profile after another. A refused change does not undo or stop the others:
 * each saved profile is a valid profile on its own, and the plan re-checks whatever was saved.
 */
export async function applyInTurn(changes: ProfileChange[], applyChange: (change: ProfileChange) => Promise<void>): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { applied: [], failures: [] };
  for (const change of changes) {
    try {
      await applyChange(change);
      outcome.applied.push(change.name);
    } catch (error) {
      outcome.failures.push({ name: change.name, message: errorMessage(error) });
    }
  }
  return outcome;
}

/**
 * The apply button's state. It lives in the panel, not in the proposal: once the changes are saved the plan
 * re-checks and the proposal may vanish, and a failure must stay on screen after that.
 */
export function useProposalApply(applyChange: (change: ProfileChange) => Promise<void>): ProposalApply {
  const [applying, setApplying] = useState(false);
  const [outcome, setOutcome] = useState<ApplyOutcome | null>(null);
  const apply = useCallback(
    (changes: ProfileChange[]) => {
      setApplying(true);
      setOutcome(null);
      void applyInTurn(changes, applyChange).then((result) => {
        setOutcome(result);
        setApplying(false);
      });
    },
    [applyChange],
  );
  return { applying, outcome, apply };
}
