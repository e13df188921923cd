// A session's comparisons as the statistics read them (issue 10): one StatsFact per comparison (a blind one only
// once voted), from the session's
// index (its columns, its folded votes, what each comparison brought from its prompt set), never from the file, so
// Stats refreshes in a fraction of a second while votes arrive. Only the effective votes' records are parsed (their
// scores and key points).
import { SIDES, type Side } from '../../shared/sessions';
import type { SessionIndex } from '../sessions/session-index';
import { modelLabel } from '../sessions/session-models';
import { categoryOf } from '../sessions/session-category';
import type { FactTimings, StatsFact, StatsInput } from './stats-input';

/** The bootstrap's seed when none is asked for: a session's statistics do not change between two looks. */
export const DEFAULT_STATS_SEED = 20_260_601;

export function statsInputOf(index: SessionIndex, options: { seed?: number; now?: Date } = {}): StatsInput {
  const facts: StatsFact[] = [];
  for (let i = 0; i < index.comparisonCount; i += 1) {
    // A blind comparison not voted yet stays out of everything: its answers' times (or, with three models or
    // more, which models it counted for) would tell the page who is on which side before the vote.
    if (index.isBlind(i) && !index.votedAt(i)) continue;
    facts.push(factOf(index, i));
  }
  return {
    sessionId: index.header.id,
    models: index.header.models.map(modelLabel),
    dimensions: index.settings.dimensions,
    comparisons: index.comparisonCount,
    facts,
    seed: options.seed ?? DEFAULT_STATS_SEED,
    at: (options.now ?? new Date()).toISOString(),
  };
}

function factOf(index: SessionIndex, i: number): StatsFact {
  const prompt = index.runs.promptFacts(i);
  const vote = index.votedAt(i) ? index.effectiveRecord(i) : null;
  const timings = {} as Record<Side, FactTimings | null>;
  for (const side of SIDES) {
    const entry = index.sideOf(i, side);
    timings[side] = entry.outcome === 'done' ? { ttftMs: entry.ttftMs, decodeTokensPerS: entry.decodeTokensPerS, e2eMs: entry.e2eMs } : null;
  }
  const keyPoints = prompt?.keyPoints ?? 0;
  return {
    comparisonId: index.idAt(i),
    left: index.modelOn(i, 'left'),
    right: index.modelOn(i, 'right'),
    verdict: vote?.verdict ?? null,
    category: categoryOf(vote?.category, prompt?.category),
    scores: vote ? vote.scores : null,
    completeness: vote?.keyPoints && keyPoints > 0 ? { left: vote.keyPoints.left.length / keyPoints, right: vote.keyPoints.right.length / keyPoints } : null,
    timings,
    repeatOf: prompt?.run?.repeatOf ?? null,
  };
}
