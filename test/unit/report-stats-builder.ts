// A complete, valid SessionStats built by hand for the report's and the stats CSV's tests: every field set, the
// figures different per model, category and metric (so a cell read from the wrong place shows), and the edge
// cases the report must handle (a model with no data in a category, a mean of one value, no completeness).
import type { Distribution, MeanEstimate, ModelMetrics, PairStats, RateEstimate, SessionStats } from '../../electron/shared/stats';

export function rateOf(k: number, n: number): RateEstimate {
  if (n === 0) return { k, n, rate: null, ci: null };
  const rate = k / n;
  return { k, n, rate, ci: { low: Math.max(0, rate - 0.11), high: Math.min(1, rate + 0.09) } };
}

export function meanOf(mean: number | null, n: number, spread = 0.3): MeanEstimate {
  if (mean === null || n === 0) return { n: 0, mean: null, sd: null, ci: null };
  if (n === 1) return { n, mean, sd: null, ci: null };
  return { n, mean, sd: spread * 2, ci: { low: mean - spread, high: mean + spread * 1.1 } };
}

export function distributionOf(median: number | null, n: number): Distribution {
  if (median === null || n === 0) {
    return { n: 0, min: null, q1: null, median: null, q3: null, p90: null, max: null, whiskerLow: null, whiskerHigh: null, outliers: [], mean: meanOf(null, 0) };
  }
  return {
    n,
    min: median * 0.5,
    q1: median * 0.8,
    median,
    q3: median * 1.2,
    p90: median * 1.4,
    max: median * 2.5,
    whiskerLow: median * 0.5,
    whiskerHigh: median * 1.7,
    outliers: [median * 2.5],
    mean: meanOf(median * 1.05, n, median * 0.1),
  };
}

export interface ModelShape {
  votes: number;
  wins: number;
  losses: number;
  ties: number;
  e2eMs: number | null;
  answers: number;
  scores: Record<string, number | null>;
  scored: number;
  completeness: number | null;
  completed: number;
}

export function modelMetrics(model: number, s: ModelShape): ModelMetrics {
  const scores: Record<string, MeanEstimate> = {};
  for (const [dimension, value] of Object.entries(s.scores)) scores[dimension] = meanOf(value, value === null ? 0 : s.scored);
  return {
    model,
    votes: s.votes,
    wins: s.wins,
    losses: s.losses,
    ties: s.ties,
    bothBad: s.votes - s.wins - s.losses - s.ties,
    winRate: rateOf(s.wins, s.wins + s.losses),
    latency: {
      e2eMs: distributionOf(s.e2eMs, s.answers),
      ttftMs: distributionOf(s.e2eMs === null ? null : s.e2eMs / 9, s.answers),
      decodeTokensPerS: distributionOf(s.e2eMs === null ? null : 90000 / s.e2eMs, s.answers),
    },
    scores,
    completeness: meanOf(s.completeness, s.completeness === null ? 0 : s.completed, 0.05),
  };
}

export function pairStats(a: number, b: number, aWins: number, bWins: number, ties: number, bothBad: number, text: string): PairStats {
  const votes = aWins + bWins + ties + bothBad;
  const decided = aWins + bWins;
  return {
    a,
    b,
    votes,
    aWins,
    bWins,
    ties,
    bothBad,
    aWinRate: rateOf(aWins, decided),
    signTestP: decided === 0 ? null : 0.0412,
    tieRate: rateOf(ties, votes),
    bothBadRate: rateOf(bothBad, votes),
    moreVotesNeeded: decided === 0 ? null : 14,
    verdict: { kind: decided === 0 ? 'no-votes' : aWins > bWins ? 'a-better' : 'indistinguishable', text },
    scoreDifference: { accuracy: meanOf(0.5, votes), fluency: meanOf(0.4, votes) },
    completenessDifference: meanOf(0.12, 5, 0.04),
  };
}

const QWEN3 = 'Qwen3-4B-Instruct-2507';
const QWEN2 = 'Qwen2-7B-Instruct';

/** The seed study's shape: two models, accuracy and fluency, three task types of 20 votes each. */
export function studyStats(overrides: Partial<SessionStats> = {}): SessionStats {
  const dims = (accuracy: number | null, fluency: number | null) => ({ accuracy, fluency });
  const qa0 = modelMetrics(0, { votes: 20, wins: 13, losses: 5, ties: 1, e2eMs: 1800, answers: 20, scores: dims(4.6, 4.7), scored: 20, completeness: null, completed: 0 });
  const qa1 = modelMetrics(1, { votes: 20, wins: 5, losses: 13, ties: 1, e2eMs: 2100, answers: 20, scores: dims(4.1, 4.3), scored: 20, completeness: null, completed: 0 });
  const lr0 = modelMetrics(0, { votes: 20, wins: 11, losses: 7, ties: 2, e2eMs: 1750, answers: 21, scores: dims(4.4, 4.6), scored: 19, completeness: null, completed: 0 });
  const lr1 = modelMetrics(1, { votes: 20, wins: 7, losses: 11, ties: 2, e2eMs: 2050, answers: 21, scores: dims(4.0, 4.2), scored: 19, completeness: null, completed: 0 });
  const sum0 = modelMetrics(0, { votes: 20, wins: 12, losses: 6, ties: 0, e2eMs: 2300, answers: 20, scores: dims(4.5, 4.8), scored: 1, completeness: 0.93, completed: 20 });
  // Summaries: Qwen2 answered but was never scored, and its completeness has one value (no interval).
  const sum1 = modelMetrics(1, { votes: 20, wins: 6, losses: 12, ties: 0, e2eMs: 2600, answers: 20, scores: dims(null, null), scored: 0, completeness: 0.78, completed: 1 });
  const all0 = modelMetrics(0, { votes: 60, wins: 36, losses: 18, ties: 3, e2eMs: 1800, answers: 61, scores: dims(4.6, 4.7), scored: 40, completeness: 0.93, completed: 20 });
  const all1 = modelMetrics(1, { votes: 60, wins: 18, losses: 36, ties: 3, e2eMs: 2100, answers: 61, scores: dims(4.1, 4.3), scored: 39, completeness: 0.78, completed: 1 });
  return {
    sessionId: '0b5e8a0c-3f1d-4c2a-9e7b-6d5c4b3a2910',
    models: [QWEN3, QWEN2],
    dimensions: ['accuracy', 'fluency'],
    comparisons: 64,
    votes: 60,
    overall: { models: [all0, all1], pairs: [pairStats(0, 1, 36, 18, 3, 3, `${QWEN3} is better: it won 67% of decided votes.`)] },
    categories: [
      { category: 'knowledge QA', votes: 20, models: [qa0, qa1], pairs: [pairStats(0, 1, 13, 5, 1, 1, 'Qwen3 wins knowledge QA.')] },
      { category: 'logical reasoning', votes: 20, models: [lr0, lr1], pairs: [pairStats(0, 1, 11, 7, 2, 0, 'Too close to call | yet.')] },
      { category: 'long-context summary', votes: 20, models: [sum0, sum1], pairs: [pairStats(0, 1, 12, 6, 0, 2, 'Qwen3 summarises better.')] },
    ],
    position: { leftWins: 29, rightWins: 25, leftWinRate: rateOf(29, 54), signTestP: 0.683 },
    consistency: { pairs: 6, consistent: rateOf(5, 6), sameSide: rateOf(1, 6) },
    bradleyTerry: null,
    verdict: `${QWEN3} is better than ${QWEN2}.`,
    at: '2026-03-02T10:15:00.000Z',
    ...overrides,
  };
}

/** Three models (Bradley-Terry present), one category in which the third model has no data at all. */
export function threeModelStats(): SessionStats {
  const base = studyStats();
  const third = modelMetrics(2, { votes: 30, wins: 10, losses: 17, ties: 1, e2eMs: 950, answers: 30, scores: { accuracy: 3.9, fluency: 4.0 }, scored: 30, completeness: null, completed: 0 });
  return {
    ...base,
    models: [...base.models, 'Llama3-8B | 中文'],
    overall: { models: [...base.overall.models, third], pairs: [...base.overall.pairs, pairStats(0, 2, 20, 8, 1, 1, 'Qwen3 beats Llama3.'), pairStats(1, 2, 9, 9, 2, 0, 'Indistinguishable.')] },
    categories: base.categories.map((c) => (c.category === 'knowledge QA' ? { ...c, models: [...c.models, { ...third, votes: 10 }] } : c)),
    bradleyTerry: {
      ratings: [
        { model: 0, rating: 1102.4, ci: { low: 1051.2, high: 1160.9 }, rank: 1 },
        { model: 1, rating: 951.6, ci: { low: 902.3, high: 1003.1 }, rank: 2 },
        { model: 2, rating: 946.0, ci: { low: 880.5, high: 1010.7 }, rank: 2 },
      ],
      resamples: 1000,
      seed: 42,
      votes: 114,
    },
    verdict: 'Ranking: Qwen3 first; Qwen2 and Llama3 cannot be told apart.',
  };
}
