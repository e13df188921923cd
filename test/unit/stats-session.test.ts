// computeSessionStats on sessions small enough to count by hand: what is tallied where (votes, categories,
// scores, completeness, latency of unvoted answers), position bias, hidden-repeat consistency, and the verdicts.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../electron/shared/sessions';
import { computeSessionStats } from '../../electron/services/stats/session-statistics';
import type { FactTimings, StatsFact, StatsInput } from '../../electron/services/stats/stats-input';
import { formatP, pairVerdictText } from '../../electron/services/stats/verdict-text';
import { rateEstimate, wilsonInterval } from '../../electron/services/stats/wilson';

function timings(ttftMs: number, decodeTokensPerS: number | null = 50): FactTimings {
  return { ttftMs, decodeTokensPerS, e2eMs: 1000 + ttftMs };
}

let serial = 0;
function fact(left: number, right: number, verdict: Verdict | null, rest: Partial<StatsFact> = {}): StatsFact {
  serial += 1;
  return {
    comparisonId: `c${serial}`,
    left,
    right,
    verdict,
    category: '',
    scores: null,
    completeness: null,
    timings: { left: timings(100 + serial), right: timings(200 + serial) },
    repeatOf: null,
    ...rest,
  };
}

function input(models: string[], facts: StatsFact[], dimensions: string[] = []): StatsInput {
  return { sessionId: '3b0f4d62-4c1e-4a8e-9c55-1f3f0e7a9a10', models, dimensions, comparisons: facts.length, facts, seed: 1, at: '2026-01-01T00:00:00.000Z' };
}

/** Eleven comparisons of Alpha (0) and Beta (1), worked out in the comments. */
function twoModelSession(): StatsInput {
  serial = 0;
  const facts = [
    /* c1 */ fact(0, 1, 'left', { category: 'code', scores: { left: { accuracy: 4, fluency: 3 }, right: { accuracy: 2, fluency: 5 } }, completeness: { left: 1, right: 0.5 } }),
    /* c2 */ fact(1, 0, 'left', { scores: { left: { accuracy: 3 }, right: { accuracy: 3, fluency: 4 } } }),
    /* c3 */ fact(0, 1, 'tie', { category: 'code', scores: { left: {}, right: {} } }),
    /* c4 */ fact(1, 0, 'both-bad', { category: 'math' }),
    /* c5 */ fact(0, 1, null, { category: 'math' }),
    /* c6 */ fact(0, 1, 'right', { category: 'code', completeness: { left: 0.25, right: 0.75 } }),
    /* c7 */ fact(1, 0, 'left', { category: 'code', repeatOf: 'c6' }), // Beta again: consistent, other side
    /* c8 */ fact(1, 0, 'both-bad', { category: 'code', repeatOf: 'c3' }), // no winner twice: consistent
    /* c9 */ fact(1, 0, 'left', { category: 'code', repeatOf: 'c1' }), // left twice: Beta this time
    /* c10 */ fact(1, 0, 'right', { category: 'math', repeatOf: 'c5' }), // its original has no vote
    /* c11 */ fact(0, 1, 'tie', { repeatOf: 'no-such-comparison' }),
  ];
  facts[1]!.timings.left = null; // Beta's answer in c2 failed
  facts[3]!.timings.right = timings(300, null); // Alpha's decode rate in c4 was not measured
  return input(['Alpha', 'Beta'], facts, ['accuracy', 'fluency']);
}

describe('computeSessionStats with two models', () => {
  const stats = computeSessionStats(twoModelSession());

  it('counts the votes per model and per pair (wins from each model’s side, ties and both bad to both), hidden repeats once', () => {
    // Ten votes in all; the five hidden repeats (c7–c11) measure the rater and are not counted again: c1 Alpha,
    // c2 Beta, c3 tie, c4 both bad, c6 Beta.
    expect(stats.votes).toBe(10);
    expect(stats.comparisons).toBe(11);
    const [alpha, beta] = stats.overall.models;
    expect(alpha).toMatchObject({ model: 0, votes: 5, wins: 1, losses: 2, ties: 1, bothBad: 1 });
    expect(beta).toMatchObject({ model: 1, votes: 5, wins: 2, losses: 1, ties: 1, bothBad: 1 });
    expect(alpha!.winRate).toEqual(rateEstimate(1, 3));
    expect(stats.overall.pairs).toHaveLength(1);
    const pair = stats.overall.pairs[0]!;
    expect(pair).toMatchObject({ a: 0, b: 1, votes: 5, aWins: 1, bWins: 2, ties: 1, bothBad: 1 });
    expect(pair.signTestP).toBe(1); // 2·P(X ≤ 1 | n = 3) = 2·4/8
    expect(pair.aWinRate).toEqual(rateEstimate(1, 3));
    expect(pair.tieRate).toEqual(rateEstimate(1, 5));
    expect(pair.bothBadRate).toEqual(rateEstimate(1, 5));
    expect(stats.bradleyTerry).toBeNull();
  });

  it('says the pair is not yet distinguishable, with the leader, its interval and the votes still needed', () => {
    // Beta leads 2 of 3 decided; Wilson for 2 of 3: 20.8–93.9%. At this rate the exact sign test first gives
    // p < 0.05 at 12 of 37 decided votes (p = 0.047; 12 of 36 gives 0.065); 3 of the 5 counted votes are decided,
    // so 3 + 0.6·m first rounds to 37 at m = 56 more votes (36.6; m = 55 gives 36).
    const pair = stats.overall.pairs[0]!;
    expect(pair.moreVotesNeeded).toBe(56);
    expect(pair.verdict).toEqual({ kind: 'indistinguishable', text: 'Not yet distinguishable: Beta wins 67% of 3 decided votes (95% CI 21–94%); about 56 more votes' });
    expect(stats.verdict).toBe(pair.verdict.text);
  });

  it('means the scores per model and the paired differences where both sides were scored', () => {
    const [alpha, beta] = stats.overall.models;
    expect(alpha!.scores.accuracy).toMatchObject({ n: 2, mean: 3.5 });
    expect(alpha!.scores.fluency).toMatchObject({ n: 2, mean: 3.5 });
    expect(beta!.scores.accuracy).toMatchObject({ n: 2, mean: 2.5 });
    expect(beta!.scores.fluency).toEqual({ n: 1, mean: 5, sd: null, ci: null });
    const pair = stats.overall.pairs[0]!;
    expect(pair.scoreDifference.accuracy).toMatchObject({ n: 2, mean: 1 }); // 4 − 2, 3 − 3
    expect(pair.scoreDifference.fluency).toMatchObject({ n: 1, mean: -2 }); // c2 scored Beta's accuracy only
    expect(alpha!.completeness).toMatchObject({ n: 2, mean: 0.625 });
    expect(beta!.completeness).toMatchObject({ n: 2, mean: 0.625 });
    expect(pair.completenessDifference).toMatchObject({ n: 2, mean: 0 });
  });

  it('takes latency from every completed answer, voted or not, and skips missing metrics', () => {
    const [alpha, beta] = stats.overall.models;
    expect(alpha!.latency.ttftMs.n).toBe(11);
    expect(alpha!.latency.decodeTokensPerS.n).toBe(10);
    expect(beta!.latency.ttftMs.n).toBe(10);
    // Alpha was on the left in c1, c3, c5, c6, c11 (100 + i) and on the right in the others (200 + i, c4: 300).
    expect(alpha!.latency.ttftMs.min).toBe(101);
    expect(alpha!.latency.ttftMs.max).toBe(300);
    expect(alpha!.latency.e2eMs.n).toBe(11);
  });

  it('splits by category in order of first appearance, the empty one as "uncategorised"', () => {
    expect(stats.categories.map((c) => [c.category, c.votes])).toEqual([
      ['code', 3],
      ['uncategorised', 1],
      ['math', 1],
    ]);
    const math = stats.categories[2]!;
    expect(math.models.map((m) => m.model)).toEqual([0, 1]);
    expect(math.models[0]!.latency.ttftMs.n).toBe(3); // c4, c5 (not voted) and c10
    expect(math.pairs[0]).toMatchObject({ votes: 1, aWins: 0, bWins: 0, bothBad: 1 });
    const code = stats.categories[0]!;
    expect(code.pairs[0]).toMatchObject({ votes: 3, aWins: 1, bWins: 1, ties: 1, bothBad: 0 });
  });

  it('measures position bias over the decided votes that are not hidden repeats', () => {
    // c1 left, c2 left, c6 right.
    expect(stats.position).toMatchObject({ leftWins: 2, rightWins: 1, leftWinRate: rateEstimate(2, 3) });
    expect(stats.position.signTestP).toBe(1);
  });

  it('pairs hidden repeats with their voted originals: consistent by model, same side by side', () => {
    expect(stats.consistency.pairs).toBe(3); // c7, c8, c9; c10's original is unvoted, c11's is missing
    expect(stats.consistency.consistent).toEqual(rateEstimate(2, 3));
    expect(stats.consistency.sameSide).toEqual(rateEstimate(1, 2)); // c9 (left, left) of c7 and c9
  });

  it('copies the session identity through', () => {
    expect(stats).toMatchObject({ sessionId: '3b0f4d62-4c1e-4a8e-9c55-1f3f0e7a9a10', models: ['Alpha', 'Beta'], dimensions: ['accuracy', 'fluency'], at: '2026-01-01T00:00:00.000Z' });
  });
});

describe('computeSessionStats with three models', () => {
  serial = 0;
  const facts = [
    ...Array.from({ length: 30 }, (_, i) => fact(i % 2 ? 1 : 0, i % 2 ? 0 : 1, i < 24 ? (i % 2 ? 'right' : 'left') : 'right', { category: 'chat' })),
    ...Array.from({ length: 30 }, (_, i) => fact(1, 2, i < 20 ? 'left' : 'tie', { category: 'code' })),
  ];
  const stats = computeSessionStats(input(['Qwen3-4B', 'Llama-3B', 'Gemma-2B'], facts));

  it('reports only the pairs that met, in (a, b) order, and per category only the models that appeared', () => {
    expect(stats.overall.pairs.map((p) => [p.a, p.b])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(stats.overall.models.map((m) => m.model)).toEqual([0, 1, 2]);
    expect(stats.categories.map((c) => c.models.map((m) => m.model))).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('rates with Bradley-Terry and states the ranking as the verdict', () => {
    const bt = stats.bradleyTerry!;
    expect(bt.votes).toBe(60);
    expect(bt.resamples).toBe(1000);
    expect(bt.seed).toBe(1);
    const [qwen, llama, gemma] = bt.ratings;
    expect(qwen!.rating).toBeGreaterThan(llama!.rating);
    expect(llama!.rating).toBeGreaterThan(gemma!.rating);
    expect((qwen!.rating + llama!.rating + gemma!.rating) / 3).toBeCloseTo(1000, 6);
    expect(stats.verdict).toMatch(/^Bradley-Terry ranking over 60 votes \(rating, 95% CI from 1,000 resamples\): 1\. Qwen3-4B \d+ \(\d+–\d+\), \d\. Llama-3B/);
    expect(stats.verdict).toContain('Gemma-2B');
  });

  it('says who is better when the interval leaves out 50%', () => {
    // Qwen3-4B wins 27 of 30 against Llama-3B: the first 24, then 3 of the last 6 (those where it was on the right).
    const pair = stats.overall.pairs[0]!;
    expect(pair.aWins).toBe(27);
    expect(pair.verdict.kind).toBe('a-better');
    expect(pair.moreVotesNeeded).toBe(0);
    expect(pair.verdict.text).toMatch(/^Qwen3-4B wins 90% of decided votes \(95% CI 74–97%, p < 0\.001, 30 votes\)$/);
  });

  it('rejects a fact whose models are not two of the session’s', () => {
    expect(() => computeSessionStats(input(['A', 'B'], [fact(0, 2, 'left')]))).toThrow(RangeError);
    expect(() => computeSessionStats(input(['A', 'B'], [fact(1, 1, 'left')]))).toThrow(RangeError);
  });

  it('has an empty verdict-free answer for a session without facts', () => {
    const empty = computeSessionStats(input(['A', 'B'], []));
    expect(empty).toMatchObject({ votes: 0, categories: [], verdict: 'No votes yet', bradleyTerry: null });
    expect(empty.overall.pairs).toEqual([]);
    expect(empty.position).toEqual({ leftWins: 0, rightWins: 0, leftWinRate: { k: 0, n: 0, rate: null, ci: null }, signTestP: null });
    expect(empty.consistency).toEqual({ pairs: 0, consistent: { k: 0, n: 0, rate: null, ci: null }, sameSide: { k: 0, n: 0, rate: null, ci: null } });
    const threeEmpty = computeSessionStats(input(['A', 'B', 'C'], []));
    expect(threeEmpty.verdict).toBe('No votes yet');
    expect(threeEmpty.bradleyTerry!.ratings.map((r) => [r.rating, r.rank])).toEqual([
      [1000, 1],
      [1000, 1],
      [1000, 1],
    ]);
  });
});

describe('verdict text', () => {
  const base = { aName: 'Qwen3-4B', bName: 'Llama-3B', signTestP: null, moreVotesNeeded: null };

  it('states a separated pair as the winner’s share, interval, p and votes, from either side', () => {
    // 50 of 80 (62.5%, shown rounded half up): Wilson 51.5–72.3%, exact sign test p = 0.033.
    const aWinRate = rateEstimate(50, 80);
    expect(pairVerdictText({ ...base, kind: 'a-better', votes: 100, aWinRate, signTestP: 0.03299261842647618 })).toBe(
      'Qwen3-4B wins 63% of decided votes (95% CI 52–72%, p = 0.03, 80 votes)',
    );
    expect(pairVerdictText({ ...base, kind: 'b-better', votes: 80, aWinRate: rateEstimate(30, 80), signTestP: 0.03299261842647618 })).toBe(
      'Llama-3B wins 63% of decided votes (95% CI 52–72%, p = 0.03, 80 votes)',
    );
    expect(wilsonInterval(50, 80).low).toBeCloseTo(0.5155, 4);
  });

  it('states an unseparated pair with the votes still needed, and an even split without a leader', () => {
    expect(pairVerdictText({ ...base, kind: 'indistinguishable', votes: 50, aWinRate: rateEstimate(22, 40), moreVotesNeeded: 431 })).toBe(
      'Not yet distinguishable: Qwen3-4B wins 55% of 40 decided votes (95% CI 40–69%); about 431 more votes',
    );
    expect(pairVerdictText({ ...base, kind: 'indistinguishable', votes: 1, aWinRate: rateEstimate(1, 1), moreVotesNeeded: 1 })).toBe(
      'Not yet distinguishable: Qwen3-4B wins 100% of 1 decided vote (95% CI 21–100%); about 1 more vote',
    );
    expect(pairVerdictText({ ...base, kind: 'indistinguishable', votes: 20, aWinRate: rateEstimate(10, 20) })).toBe(
      'Not yet distinguishable: Qwen3-4B and Llama-3B each win 50% of 20 decided votes (95% CI 30–70%)',
    );
  });

  it('says when nothing is decided yet', () => {
    expect(pairVerdictText({ ...base, kind: 'no-votes', votes: 0, aWinRate: rateEstimate(0, 0) })).toBe('No decided votes yet between Qwen3-4B and Llama-3B');
    expect(pairVerdictText({ ...base, kind: 'no-votes', votes: 3, aWinRate: rateEstimate(0, 0) })).toBe(
      'No decided votes yet between Qwen3-4B and Llama-3B (3 votes, all ties or both bad)',
    );
  });

  it('formats p as "p = 0.03", "p = 0.004" or "p < 0.001"', () => {
    expect(formatP(0.0329)).toBe('p = 0.03');
    expect(formatP(0.5)).toBe('p = 0.50');
    expect(formatP(0.0042)).toBe('p = 0.004');
    expect(formatP(0.00099)).toBe('p < 0.001');
    expect(formatP(1)).toBe('p = 1.00');
  });
});
