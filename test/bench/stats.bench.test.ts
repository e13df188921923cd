// Issue 10's statistics figure, over one session of 100,000 comparisons among 5 models with known strengths
// (ties and both-bad, scores on 3 dimensions, timings with the odd failed side, 6 categories, hidden repeats,
// a few comparisons not voted):
//  stats_bt_100k_ms  computeSessionStats on it, Bradley-Terry and its 1,000 bootstrap resamples included:
//                    median of 7 runs after a warm-up, in this process
// The result is checked as well, so that speed is never bought with correctness.
import { expect, it } from 'vitest';
import type { Side, Verdict } from '../../electron/shared/sessions';
import { eloRatings } from '../../electron/services/stats/bradley-terry';
import { computeSessionStats } from '../../electron/services/stats/session-statistics';
import type { FactTimings, StatsFact, StatsInput } from '../../electron/services/stats/stats-input';
import { seededRandom } from '../support/seeded-random';
import { median, recordResults, round } from './support/results';

const COMPARISONS = 100_000;
const RUNS = 7;
const MODELS = ['Qwen3-4B', 'Llama-3.2-3B', 'Gemma-3-4B', 'Phi-4-mini', 'SmolLM3-3B'];
/** Log strengths: Bradley-Terry's θ, so model 0 beats model 4 with probability 1/(1 + e^-0.95) = 72%. */
const THETA = [0.5, 0.2, 0, -0.25, -0.45];
const DIMENSIONS = ['accuracy', 'helpfulness', 'fluency'];
const CATEGORIES = ['code', 'math', 'writing', 'reasoning', '', 'translation'];

function buildFacts(): StatsFact[] {
  const random = seededRandom(10);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const timing = (model: number): FactTimings | null => {
    if (random() < 0.01) return null; // failed or cancelled
    const ttftMs = 80 * (1 + model / 4) * Math.exp(0.4 * gauss());
    const decode = random() < 0.02 ? null : 60 / (1 + model / 5) + 4 * gauss();
    return { ttftMs, decodeTokensPerS: decode, e2eMs: ttftMs + 8000 * Math.exp(0.5 * gauss()) };
  };
  const score = (model: number) => Math.max(0, Math.min(5, Math.round(3 + 2 * THETA[model]! + gauss())));
  const facts: StatsFact[] = [];
  for (let i = 0; i < COMPARISONS; i++) {
    // A hidden repeat of a recent comparison, sides swapped, one in fifty; else a fresh pair.
    const original = i > 100 && random() < 0.02 ? facts[i - 1 - Math.floor(random() * 100)]! : null;
    const left = original ? original.right : Math.floor(random() * MODELS.length);
    let right = original ? original.left : Math.floor(random() * (MODELS.length - 1));
    if (!original && right >= left) right += 1;
    // Ties placed so that the expected score (win 1, tie ½) is still Bradley-Terry's probability.
    const pLeft = 1 / (1 + Math.exp(THETA[right]! - THETA[left]!));
    const noWinner = 0.3 * 2 * Math.min(pLeft, 1 - pLeft);
    const u = random();
    const verdict: Verdict | null =
      random() < 0.03 ? null : u < noWinner ? (random() < 0.7 ? 'tie' : 'both-bad') : u < noWinner + pLeft - noWinner / 2 ? 'left' : 'right';
    const scored = verdict !== null && random() < 0.8;
    const scoresOf = (model: number): Record<string, number> => Object.fromEntries(DIMENSIONS.map((d) => [d, score(model)]));
    const keyPoints = verdict !== null && random() < 0.3;
    facts.push({
      comparisonId: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
      left,
      right,
      verdict,
      category: original ? original.category : CATEGORIES[Math.floor(random() * CATEGORIES.length)]!,
      scores: scored ? ({ left: scoresOf(left), right: scoresOf(right) } as Record<Side, Record<string, number>>) : null,
      completeness: keyPoints ? { left: Math.round(random() * 4) / 4, right: Math.round(random() * 4) / 4 } : null,
      timings: { left: timing(left), right: timing(right) },
      repeatOf: original ? original.comparisonId : null,
    });
  }
  return facts;
}

it('computes the statistics of a session of 100,000 comparisons among 5 models', () => {
  const input: StatsInput = {
    sessionId: '6c1f6f1e-8a44-4a57-9f0a-7f5c3b1d2e90',
    models: MODELS,
    dimensions: DIMENSIONS,
    comparisons: COMPARISONS,
    facts: buildFacts(),
    seed: 2026,
    at: '2026-01-01T00:00:00.000Z',
  };
  const warm = computeSessionStats(input);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    computeSessionStats(input);
    times.push(performance.now() - start);
  }

  // Correct, not just fast: the known order, ratings near the known ones, everything counted.
  const bt = warm.bradleyTerry!;
  const known = eloRatings(THETA);
  expect(bt.ratings.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  bt.ratings.forEach((r, i) => expect(Math.abs(r.rating - known[i]!)).toBeLessThan(3 * (r.ci.high - r.ci.low)));
  expect(bt.votes).toBe(warm.votes);
  expect(warm.votes).toBeGreaterThan(0.95 * COMPARISONS);
  expect(warm.overall.pairs).toHaveLength(10);
  expect(warm.overall.pairs.every((p) => p.verdict.kind === 'a-better')).toBe(true);
  expect(warm.categories.map((c) => c.category).sort()).toEqual([...CATEGORIES.map((c) => c || 'uncategorised')].sort());
  expect(warm.consistency.pairs).toBeGreaterThan(1000);
  expect(warm.overall.models.every((m) => m.latency.ttftMs.n > 38_000 && m.scores.accuracy!.n > 28_000)).toBe(true);
  expect(computeSessionStats(input)).toEqual(warm); // deterministic for its seed

  console.log(`[bench] stats runs (ms): ${times.map((t) => round(t, 1)).join(', ')}`);
  recordResults('stats', { stats_bt_100k_ms: round(median(times), 1) });
});
