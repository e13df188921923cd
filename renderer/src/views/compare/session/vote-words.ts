// How votes and sides are worded in a session: A is the left answer, B the right one.
import type { Side } from '../../../../../electron/shared/sides';
import type { Verdict } from '../../../../../electron/shared/session-values';

export const SIDE_LETTERS: Record<Side, string> = { left: 'A', right: 'B' };

export const VERDICT_LABELS: Record<Verdict, string> = {
  left: 'A is better',
  right: 'B is better',
  tie: 'Tie',
  'both-bad': 'Both are bad',
};
