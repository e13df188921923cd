// The Compare view's conversation as plain data, and the one reducer that changes it. Pure: the hooks around
// it make the requests and feed it their replies and the streamed events.
import type { ComparisonSnapshot, SamplingParams, SideOutcome, SideSettings } from '../../../../electron/shared/compare';
import type { Reveal } from '../../../../electron/shared/sessions';
import type { Verdict } from '../../../../electron/shared/session-values';
import { SIDES, type Side } from '../../../../electron/shared/sides';

export interface SideView {
  content: string;
  reasoning: string;
  /** null while the side is still answering. */
  outcome: SideOutcome | null;
  /** The sampling this side was sent (with its overrides); null until the service accepted the turn. */
  settings: SideSettings | null;
}

export interface TurnView {
  /** Made here before the prompt is sent: the comparison's id, and the stable React key. */
  comparisonId: string;
  /** The service has accepted the turn (it may still be waiting for a warm-up until then). */
  accepted: boolean;
  turn: number;
  userMessage: string;
  /** The shared sampling sent with this turn. */
  sampling: SamplingParams;
  /** 1, plus one per regeneration. */
  attempt: number;
  /** Epoch ms when this attempt was sent: drives the waiting clocks only (timings come from the service). */
  sentAt: number;
  sides: Record<Side, SideView>;
  /** Who is on which side: at once outside blind mode, after the vote in it. */
  reveal: Reveal | null;
  /** The vote saved for this turn (null: none, or undone). */
  vote: { voteId: string; verdict: Verdict } | null;
  /** While a regeneration waits for its reply: the turn as it was, brought back if the regeneration is refused. */
  previous: TurnView | null;
}

export interface ConversationState {
  /** The rating session the conversation belongs to; null outside any (nothing is recorded). */
  sessionId: string | null;
  conversationId: string | null;
  /** What the conversation began with (outside a session): changing either starts a new conversation. */
  profileIds: Record<Side, string> | null;
  systemPrompt: string;
  turns: TurnView[];
  /** A start or regenerate request waiting for its reply. */
  pending: 'start' | 'regenerate' | null;
  /** Why the last request was refused, in the service's words. */
  problem: string | null;
  /** Why a new conversation began by itself (the models or the system prompt changed). */
  notice: string | null;
}

/** Text and outcomes that arrived for one comparison since the last frame. */
export type SideBatch = { content: string; reasoning: string; outcome: SideOutcome | null };
export type StreamBatch = Map<string, Partial<Record<Side, SideBatch>>>;

export interface TurnRequest {
  comparisonId: string;
  sentAt: number;
  userMessage: string;
  sampling: SamplingParams;
  sessionId: string | null;
  profileIds: Record<Side, string> | null;
  systemPrompt: string;
  /** False: this turn starts a new conversation (with `notice` saying why, when there was one before). */
  continues: boolean;
  notice: string | null;
}

export type ConversationAction =
  | { type: 'send'; request: TurnRequest }
  | { type: 'started'; snapshot: ComparisonSnapshot }
  | { type: 'refused'; comparisonId: string; message: string }
  | { type: 'regenerating'; replaces: string; comparisonId: string; at: number }
  | { type: 'regenerate-refused'; comparisonId: string; message: string }
  | { type: 'stream'; batch: StreamBatch }
  /** The service's final text, authoritative over what the deltas added up to. */
  | { type: 'reconciled'; snapshot: ComparisonSnapshot }
  | { type: 'revealed'; reveal: Reveal }
  | { type: 'voted'; comparisonId: string; voteId: string; verdict: Verdict }
  | { type: 'unvoted'; comparisonId: string }
  /** A recorded conversation, reopened from History. */
  | { type: 'restore'; sessionId: string; turns: ComparisonSnapshot[]; votes?: { comparisonId: string; voteId: string; verdict: Verdict }[] }
  | { type: 'problem'; message: string | null }
  | { type: 'new-conversation'; notice: string | null; sessionId?: string | null };

export const EMPTY_CONVERSATION: ConversationState = {
  sessionId: null,
  conversationId: null,
  profileIds: null,
  systemPrompt: '',
  turns: [],
  pending: null,
  problem: null,
  notice: null,
};

export function conversationReducer(state: ConversationState, action: ConversationAction): ConversationState {
  switch (action.type) {
    case 'send': {
      const { request } = action;
      const base = request.continues ? state : { ...EMPTY_CONVERSATION, notice: request.notice };
      const turn = newTurn(request.comparisonId, base.turns.length + 1, request.userMessage, request.sampling, request.sentAt, 1);
      return { ...base, sessionId: request.sessionId, profileIds: request.profileIds, systemPrompt: request.systemPrompt, turns: [...base.turns, turn], pending: 'start', problem: null };
    }
    case 'started':
      // The turn may be gone already (a new conversation was begun while its start was on its way): then the
      // reply is about nothing shown, and must not clear a newer request's pending mark.
      if (!hasTurn(state, action.snapshot.comparisonId)) return state;
      return { ...state, conversationId: action.snapshot.conversationId, pending: null, turns: mapTurn(state, action.snapshot.comparisonId, (turn) => accept(turn, action.snapshot)) };
    case 'refused': {
      if (!hasTurn(state, action.comparisonId)) return state;
      const turns = state.turns.filter((turn) => turn.comparisonId !== action.comparisonId);
      // A refused first turn leaves nothing behind: the next prompt starts afresh.
      const conversation = turns.length === 0 ? { conversationId: null, profileIds: null } : {};
      return { ...state, ...conversation, turns, pending: null, problem: action.message };
    }
    case 'regenerating':
      if (!hasTurn(state, action.replaces)) return state;
      return {
        ...state,
        pending: 'regenerate',
        problem: null,
        turns: mapTurn(state, action.replaces, (turn) => ({ ...newTurn(action.comparisonId, turn.turn, turn.userMessage, turn.sampling, action.at, turn.attempt + 1), previous: turn })),
      };
    case 'regenerate-refused':
      if (!hasTurn(state, action.comparisonId)) return state; // abandoned by a new conversation
      return { ...state, pending: null, problem: action.message, turns: mapTurn(state, action.comparisonId, (turn) => turn.previous ?? turn) };
    case 'stream':
      return applyBatch(state, action.batch);
    case 'reconciled':
      return { ...state, turns: mapTurn(state, action.snapshot.comparisonId, (turn) => withFinalText(turn, action.snapshot)) };
    case 'revealed':
      return { ...state, turns: mapTurn(state, action.reveal.comparisonId, (turn) => withReveal(turn, action.reveal)) };
    case 'voted':
      return { ...state, turns: mapTurn(state, action.comparisonId, (turn) => ({ ...turn, vote: { voteId: action.voteId, verdict: action.verdict } })) };
    case 'unvoted':
      return { ...state, turns: mapTurn(state, action.comparisonId, (turn) => ({ ...turn, vote: null })) };
    case 'restore': {
      const voteOf = (comparisonId: string) => action.votes?.find((vote) => vote.comparisonId === comparisonId) ?? null;
      const turns = action.turns.map((snapshot) => {
        const turn = withFinalText(accept(newTurn(snapshot.comparisonId, snapshot.turn, snapshot.userMessage, snapshot.sides.left.settings.sampling, snapshot.startedAt, 1), snapshot), snapshot);
        const vote = voteOf(snapshot.comparisonId);
        return vote ? { ...turn, vote: { voteId: vote.voteId, verdict: vote.verdict } } : turn;
      });
      return { ...EMPTY_CONVERSATION, sessionId: action.sessionId, conversationId: action.turns[0]?.conversationId ?? null, turns };
    }
    case 'problem':
      return { ...state, problem: action.message };
    case 'new-conversation':
      return { ...EMPTY_CONVERSATION, sessionId: action.sessionId === undefined ? state.sessionId : action.sessionId, notice: action.notice };
  }
}

/** A turn is running from the moment it is sent until both sides have an outcome. */
export function isRunning(state: ConversationState): boolean {
  const last = state.turns.at(-1);
  return state.pending !== null || (last !== undefined && SIDES.some((side) => last.sides[side].outcome === null));
}

export function isFinished(turn: TurnView): boolean {
  return turn.accepted && SIDES.every((side) => turn.sides[side].outcome !== null);
}

function newTurn(comparisonId: string, turn: number, userMessage: string, sampling: SamplingParams, sentAt: number, attempt: number): TurnView {
  return { comparisonId, accepted: false, turn, userMessage, sampling, attempt, sentAt, sides: { left: emptySide(), right: emptySide() }, reveal: null, vote: null, previous: null };
}

function emptySide(): SideView {
  return { content: '', reasoning: '', outcome: null, settings: null };
}

function hasTurn(state: ConversationState, comparisonId: string): boolean {
  return state.turns.some((turn) => turn.comparisonId === comparisonId);
}

function mapTurn(state: ConversationState, comparisonId: string, change: (turn: TurnView) => TurnView): TurnView[] {
  return state.turns.map((turn) => (turn.comparisonId === comparisonId ? change(turn) : turn));
}

/**
 * The service's reply: the turn's number, its settings, who is where (outside blind mode). Text comes from the
 * deltas only, which may have arrived before the reply (the id was known here first): they are kept. An outcome
 * already streamed is kept too.
 */
function accept(turn: TurnView, snapshot: ComparisonSnapshot): TurnView {
  const side = (s: Side): SideView => ({ ...turn.sides[s], settings: snapshot.sides[s].settings, outcome: turn.sides[s].outcome ?? snapshot.sides[s].outcome });
  return { ...turn, accepted: true, previous: null, turn: snapshot.turn, reveal: snapshot.reveal ?? turn.reveal, sides: { left: side('left'), right: side('right') } };
}

function withReveal(turn: TurnView, reveal: Reveal): TurnView {
  if (!reveal.outcomes) return { ...turn, reveal };
  const outcomes = reveal.outcomes;
  const sides = { left: { ...turn.sides.left, outcome: outcomes.left }, right: { ...turn.sides.right, outcome: outcomes.right } };
  return { ...turn, reveal, sides };
}

function applyBatch(state: ConversationState, batch: StreamBatch): ConversationState {
  let changed = false;
  const turns = state.turns.map((turn) => {
    const arrived = batch.get(turn.comparisonId);
    if (!arrived) return turn;
    changed = true;
    const sides = { ...turn.sides };
    for (const side of SIDES) {
      const add = arrived[side];
      if (!add) continue;
      const current = sides[side];
      sides[side] = {
        ...current,
        content: current.content + add.content,
        reasoning: current.reasoning + add.reasoning,
        outcome: add.outcome ?? current.outcome,
      };
    }
    return { ...turn, sides };
  });
  return changed ? { ...state, turns } : state;
}

function withFinalText(turn: TurnView, snapshot: ComparisonSnapshot): TurnView {
  const revealed = snapshot.reveal && !turn.reveal ? withReveal(turn, snapshot.reveal) : turn;
  const differs = (side: Side) => snapshot.sides[side].content !== revealed.sides[side].content || snapshot.sides[side].reasoning !== revealed.sides[side].reasoning;
  if (!SIDES.some(differs)) return revealed;
  const sides = { ...revealed.sides };
  for (const side of SIDES.filter(differs)) sides[side] = { ...sides[side], content: snapshot.sides[side].content, reasoning: snapshot.sides[side].reasoning };
  return { ...revealed, sides };
}
