// Position bias: over every decided vote, whichever models were where, does the left answer win more often
// than the right? With sides balanced (side-assignment.ts), a fair rater's left share is 50% ± chance.
import type { PositionBias } from '../../shared/stats';
import { signTestP } from './binomial';
import { rateEstimate } from './wilson';

export function positionBias(leftWins: number, rightWins: number): PositionBias {
  const decided = leftWins + rightWins;
  return { leftWins, rightWins, leftWinRate: rateEstimate(leftWins, decided), signTestP: signTestP(leftWins, decided) };
}
