// The sentences the Stats view, the report and the CSV show for a pair and for the whole session. Each figure
// is given with the n it rests on, and a pair is "not yet distinguishable" until its interval leaves out 50%.
import type { BradleyTerry, Interval, PairVerdictKind, RateEstimate } from '../../shared/stats';

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

function percent(x: number): string {
  return `${Math.round(100 * x)}`;
}

function votesText(n: number, what = 'votes'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? what.replace(/s$/, '') : what}`;
}

/** What a pair's verdict sentence is made from (pair-stats.ts has it all). */
export interface PairVerdictFacts {
  kind: PairVerdictKind;
  aName: string;
  bName: string;
  votes: number;
  aWinRate: RateEstimate;
  signTestP: number | null;
  moreVotesNeeded: number | null;
}

/** The leader's share and interval: a's, or b's seen from b (1 − rate, the interval mirrored). */
function leaderView(rate: number, ci: Interval, aName: string, bName: string) {
  if (rate >= 0.5) return { name: aName, rate, ci };
  return { name: bName, rate: 1 - rate, ci: { low: 1 - ci.high, high: 1 - ci.low } };
}

export function pairVerdictText(f: PairVerdictFacts): string {
  const { rate, ci, n } = { rate: f.aWinRate.rate, ci: f.aWinRate.ci, n: f.aWinRate.n };
  if (f.kind === 'no-votes' || rate === null || ci === null) {
    const rest = f.votes > 0 ? ` (${votesText(f.votes)}, all ties or both bad)` : '';
    return `No decided votes yet between ${f.aName} and ${f.bName}${rest}`;
  }
  const lead = leaderView(rate, ci, f.aName, f.bName);
  const interval = `95% CI ${percent(lead.ci.low)}–${percent(lead.ci.high)}%`;
  if (f.kind !== 'indistinguishable') {
    const p = f.signTestP === null ? '' : `, ${formatP(f.signTestP)}`;
    return `${lead.name} wins ${percent(lead.rate)}% of decided votes (${interval}${p}, ${votesText(n)})`;
  }
  const who = rate === 0.5 ? `${f.aName} and ${f.bName} each win` : `${lead.name} wins`;
  const more = f.moreVotesNeeded === null ? '' : `; about ${votesText(f.moreVotesNeeded, 'more votes')}`;
  return `Not yet distinguishable: ${who} ${percent(lead.rate)}% of ${votesText(n, 'decided votes')} (${interval})${more}`;
}

/** The whole session with three or more models: the Bradley-Terry ranking, best first, ranks shared. */
export function rankingText(bt: BradleyTerry, names: readonly string[]): string {
  if (bt.votes === 0) return 'No votes yet';
  const order = [...bt.ratings].sort((x, y) => x.rank - y.rank || y.rating - x.rating);
  const entries = order.map(
    (r) => `${r.rank}. ${names[r.model] ?? `model ${r.model + 1}`} ${Math.round(r.rating)} (${Math.round(r.ci.low)}–${Math.round(r.ci.high)})`,
  );
  return `Bradley-Terry ranking over ${votesText(bt.votes)} (rating, 95% CI from ${bt.resamples.toLocaleString('en-US')} resamples): ${entries.join(', ')}`;
}
