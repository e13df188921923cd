// Two models head to head: win rate over decided votes with its interval, the exact sign test, tie and both-bad
// rates, how many more votes would separate them, and the score and completeness differences.
import type { MeanEstimate, PairStats, PairVerdictKind, RateEstimate } from '../../shared/stats';
import type { PairTally } from './tallies';
import { signTestP } from './binomial';
import { meanEstimate } from './mean-interval';
import { pairVerdictText } from './verdict-text';
import { moreVotesNeeded, separated } from './votes-needed';
import { rateEstimate } from './wilson';

/** Told apart by the exact sign test of the decided votes (votes-needed.ts); the same rule moreVotesNeeded projects. */
export function pairVerdictKind(aWinRate: RateEstimate): PairVerdictKind {
  if (aWinRate.n === 0) return 'no-votes';
  if (!separated(aWinRate.k, aWinRate.n)) return 'indistinguishable';
  return 2 * aWinRate.k > aWinRate.n ? 'a-better' : 'b-better';
}

export function modelName(names: readonly string[], model: number): string {
  return names[model] ?? `model ${model + 1}`;
}

export function pairStats(pair: PairTally, names: readonly string[], dimensions: readonly string[]): PairStats {
  const decided = pair.aWins + pair.bWins;
  const aWinRate = rateEstimate(pair.aWins, decided);
  const signP = signTestP(pair.aWins, decided);
  const more = moreVotesNeeded(pair.aWins, decided, pair.votes);
  const kind = pairVerdictKind(aWinRate);
  const text = pairVerdictText({
    kind,
    aName: modelName(names, pair.a),
    bName: modelName(names, pair.b),
    votes: pair.votes,
    aWinRate,
    signTestP: signP,
    moreVotesNeeded: more,
  });
  const scoreDifference: Record<string, MeanEstimate> = {};
  dimensions.forEach((dimension, d) => (scoreDifference[dimension] = meanEstimate(pair.scoreDifference[d]!)));
  return {
    a: pair.a,
    b: pair.b,
    votes: pair.votes,
    aWins: pair.aWins,
    bWins: pair.bWins,
    ties: pair.ties,
    bothBad: pair.bothBad,
    aWinRate,
    signTestP: signP,
    tieRate: rateEstimate(pair.ties, pair.votes),
    bothBadRate: rateEstimate(pair.bothBad, pair.votes),
    moreVotesNeeded: more,
    verdict: { kind, text },
    scoreDifference,
    completenessDifference: meanEstimate(pair.completenessDifference),
  };
}
