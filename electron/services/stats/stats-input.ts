// What the statistics read: one fact per comparison of a session, built by the lead's session-facts.ts from the
// session's index. Plain data, so the statistics stay pure functions of it (and can run off the UI thread).
import type { Side, Verdict } from '../../shared/sessions';

export interface FactTimings { ttftMs: number | null; decodeTokensPerS: number | null; e2eMs: number | null }
/** One comparison of a session, as the statistics read it (the lead builds these from the session's index). */
export interface StatsFact {
  comparisonId: string;
  /** The session model (index into StatsInput.models) on each side. */
  left: number;
  right: number;
  /** Its effective vote's verdict ('left' = the left answer better, 'right', 'tie', 'both-bad'); null: not voted (still counts for latency). */
  verdict: Verdict | null;
  /** The vote's category, else the prompt's, else ''. */
  category: string;
  /** Per side, per dimension, 0–5; null when not voted. A dimension missing was not scored. */
  scores: Record<Side, Record<string, number>> | null;
  /** Per side, the share (0–1) of the prompt's key points ticked; null without key points or without a vote. */
  completeness: Record<Side, number> | null;
  /** Per side, its timings when that side completed ('done'); null when it failed or was cancelled. */
  timings: Record<Side, FactTimings | null>;
  /** A hidden repeat: the comparisonId of the comparison it repeats with the sides swapped; else null. */
  repeatOf: string | null;
}
export interface StatsInput { sessionId: string; models: string[]; dimensions: string[]; comparisons: number; facts: readonly StatsFact[]; /** Bootstrap seed. */ seed: number; at: string }
