// What the renderer may learn about a running comparison, and when (design §5, issue 9 Blind mode). Every delta,
// outcome and snapshot of a run goes out through here, so the blind rules live in one place:
// - blind: nothing names a side's model before the reveal. Answers are the models' own words and pass as they
//   are; the app's own words about a side (error messages, the server's error text) are scrubbed of names,
//   served names, sources, profile ids, addresses and ports.
// - equal reveal: no text and no outcome of either side until both are over (which one finished first would give
//   the faster model away), and no timings until the reveal.
import type { ComparisonDelta, ComparisonSnapshot, InferenceErrorInfo, SideFinished, SideOutcome, SideSettings, SideTimings } from '../../shared/compare';
import { SIDES, type Side } from '../../shared/compare';
import type { Reveal } from '../../shared/sessions';

export interface BlindPolicy {
  blind: boolean;
  equalReveal: boolean;
  /** Shown as both sides' settings until the reveal (a variant session's); null: each side's own. */
  blindSettings: SideSettings | null;
  /** Per side, the strings that would identify its model: names, served name, source, profile id, base URL, port. */
  identifying: Record<Side, string[]>;
}

export interface PublisherOutput {
  delta(delta: ComparisonDelta): void;
  finished(finished: SideFinished): void;
}

export const HIDDEN_TIMINGS: SideTimings = {
  ttftMs: null, firstContentMs: null, e2eMs: null, itlP50Ms: null, itlP95Ms: null, tpotMs: null,
  decodeTokensPerS: null, outputTokens: null, promptTokens: null, serverTtftMs: null,
};

/** Stands in for whatever identified a side in the app's own messages. */
const HIDDEN_SERVER = "this side's server";
const HIDDEN_MODEL = "this side's model";

export class TurnPublisher {
  private reveal: Reveal | null;
  private readonly held: Record<Side, { content: string; reasoning: string; outcome: SideOutcome | null }> = {
    left: { content: '', reasoning: '', outcome: null },
    right: { content: '', reasoning: '', outcome: null },
  };

  constructor(
    private readonly comparisonId: string,
    private readonly policy: BlindPolicy,
    private readonly out: PublisherOutput,
    /** Who is on which side; handed out at once when the turn is not blind. */
    private readonly revealOf: () => Reveal,
  ) {
    this.reveal = policy.blind ? null : revealOf();
  }

  get revealed(): Reveal | null {
    return this.reveal;
  }

  /** Equal reveal held this run's timings back (they travel with the reveal). */
  get holdsTimings(): boolean {
    return this.policy.equalReveal;
  }

  /** After the vote is saved: from now on the run is shown as it is. */
  markRevealed(reveal: Reveal): void {
    this.reveal = reveal;
  }

  delta(delta: ComparisonDelta): void {
    if (!this.holding()) return this.out.delta(delta);
    const held = this.held[delta.side];
    held.content += delta.content;
    held.reasoning += delta.reasoning;
  }

  /** Called for each side as it ends; under equal reveal, both sides go out together once the second ends. */
  finished(side: Side, outcome: SideOutcome, bothOver: boolean): void {
    if (!this.policy.equalReveal) return this.out.finished({ comparisonId: this.comparisonId, side, outcome: this.outward(side, outcome) });
    this.held[side].outcome = outcome;
    if (!bothOver) return;
    for (const s of SIDES) {
      const held = this.held[s];
      if (held.content || held.reasoning) this.out.delta({ comparisonId: this.comparisonId, side: s, content: held.content, reasoning: held.reasoning });
    }
    for (const s of SIDES) this.out.finished({ comparisonId: this.comparisonId, side: s, outcome: this.outward(s, this.held[s].outcome!) });
  }

  /** The snapshot as the renderer may see it now. */
  view(snapshot: ComparisonSnapshot): ComparisonSnapshot {
    const copy = structuredClone(snapshot);
    copy.reveal = this.reveal;
    const bothOver = SIDES.every((side) => copy.sides[side].outcome !== null);
    for (const side of SIDES) {
      const state = copy.sides[side];
      if (this.policy.equalReveal && !bothOver) Object.assign(state, { content: '', reasoning: '', outcome: null });
      if (this.policy.blindSettings && !this.reveal) state.settings = structuredClone(this.policy.blindSettings);
      if (state.outcome) state.outcome = this.outward(side, state.outcome);
    }
    return copy;
  }

  private holding(): boolean {
    return this.policy.equalReveal && SIDES.some((side) => this.held[side].outcome === null);
  }

  /** An outcome as it may leave: scrubbed while blind, timings withheld under equal reveal until the reveal. */
  private outward(side: Side, outcome: SideOutcome): SideOutcome {
    if (this.reveal) return outcome;
    const timings = this.policy.equalReveal ? HIDDEN_TIMINGS : outcome.timings;
    if (outcome.kind !== 'error') return { ...outcome, timings };
    return { ...outcome, error: blindError(outcome.error, this.policy.identifying[side]), timings };
  }
}

const BLIND_CONTEXT_LENGTH =
  "The prompt, with max tokens, is longer than this side's model accepts. Lower max tokens or shorten the conversation, then send again; the exact figures are shown after your vote.";

/**
 * A side's error as a blind turn may show it: the app's sentence and the server's text scrubbed of what names the
 * model. A context-length refusal is told without its figures: a context size can name the model as surely as
 * its name does.
 */
export function blindError(error: InferenceErrorInfo, identifying: string[]): InferenceErrorInfo {
  if (error.kind === 'context-length') return { ...error, message: BLIND_CONTEXT_LENGTH, serverMessage: null };
  const scrub = (text: string) => scrubIdentifying(text, identifying);
  return { ...error, message: scrub(error.message), serverMessage: error.serverMessage === null ? null : scrub(error.serverMessage) };
}

/**
 * Replaces every identifying string in an app-written sentence: longest first (a base URL before the port inside
 * it), case-insensitively. Addresses and ports read as "this side's server", names as "this side's model".
 */
export function scrubIdentifying(text: string, identifying: string[]): string {
  const needles = [...new Set(identifying.filter((s) => s.length >= 2))].sort((a, b) => b.length - a.length);
  let result = text;
  for (const needle of needles) {
    const stand = /^(https?:\/\/|\d+$|:\d+$)/.test(needle) || /^[\w.-]+:\d+$/.test(needle) ? HIDDEN_SERVER : HIDDEN_MODEL;
    result = result.replace(new RegExp(escapeRegExp(needle), 'gi'), stand);
  }
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
