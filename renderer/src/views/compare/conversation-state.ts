// The Compare view's conversation as plain data, and the one reducer that changes it. Pure: the hooks around
// it make the requests and feed it their replies and the streamed events.
import type { ComparisonSnapshot, SamplingParams, SideOutcome, SideSettings } from '../../../../electron/shared/compare';
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
  /** Stable React key, set when the prompt is sent (before the service names the comparison). */
  key: string;
  /** null while compare.start has not replied. */
  comparisonId: string | null;
  turn: number;
  userMessage: string;
  /** The shared sampling sent with this turn. */
  sampling: SamplingParams;
  /** 1, plus one per regeneration. */
  attempt: number;
  /** Epoch ms when this attempt was sent: drives the waiting clocks only (timings come from the service). */
  sentAt: number;
  sides: Record<Side, SideView>;
}

export interface ConversationState {
  conversationId: string | null;
  /** What the conversation began with: changing either starts a new conversation. */
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
  key: string;
  sentAt: number;
  userMessage: string;
  sampling: SamplingParams;
  profileIds: Record<Side, string>;
  systemPrompt: string;
  /** False: this turn starts a new conversation (with `notice` saying why, when there was one before). */
  continues: boolean;
  notice: string | null;
}

export type ConversationAction =
  | { type: 'send'; request: TurnRequest }
  | { type: 'started'; key: string; snapshot: ComparisonSnapshot }
  | { type: 'refused'; key: string; message: string }
  | { type: 'regenerating' }
  | { type: 'regenerated'; replaces: string; snapshot: ComparisonSnapshot; at: number }
  | { type: 'regenerate-refused'; message: string }
  | { type: 'stream'; batch: StreamBatch }
  /** The service's final text, authoritative over what the deltas added up to. */
  | { type: 'reconciled'; snapshot: ComparisonSnapshot }
  | { type: 'problem'; message: string | null }
  | { type: 'new-conversation'; notice: string | null };

export const EMPTY_CONVERSATION: ConversationState = {
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
      const turn: TurnView = {
        key: request.key,
        comparisonId: null,
        turn: base.turns.length + 1,
        userMessage: request.userMessage,
        sampling: request.sampling,
        attempt: 1,
        sentAt: request.sentAt,
        sides: { left: emptySide(null), right: emptySide(null) },
      };
      return { ...base, profileIds: request.profileIds, systemPrompt: request.systemPrompt, turns: [...base.turns, turn], pending: 'start', problem: null };
    }
    case 'started':
      // The turn may be gone already (a new conversation was begun while its start was on its way): then the
      // reply is about nothing shown, and must not clear a newer request's pending mark.
      if (!state.turns.some((turn) => turn.key === action.key)) return state;
      return {
        ...state,
        conversationId: action.snapshot.conversationId,
        pending: null,
        turns: state.turns.map((turn) => (turn.key === action.key ? fromSnapshot(turn, action.snapshot, turn.attempt) : turn)),
      };
    case 'refused': {
      if (!state.turns.some((turn) => turn.key === action.key)) return state;
      const turns = state.turns.filter((turn) => turn.key !== action.key);
      // A refused first turn leaves nothing behind: the next prompt starts afresh.
      const conversation = turns.length === 0 ? { conversationId: null, profileIds: null } : {};
      return { ...state, ...conversation, turns, pending: null, problem: action.message };
    }
    case 'regenerating':
      return { ...state, pending: 'regenerate', problem: null };
    case 'regenerated':
      if (!state.turns.some((turn) => turn.comparisonId === action.replaces)) return state;
      return {
        ...state,
        pending: null,
        turns: state.turns.map((turn) => (turn.comparisonId === action.replaces ? { ...fromSnapshot(turn, action.snapshot, turn.attempt + 1), sentAt: action.at } : turn)),
      };
    case 'stream':
      return applyBatch(state, action.batch);
    case 'reconciled':
      return { ...state, turns: state.turns.map((turn) => (turn.comparisonId === action.snapshot.comparisonId ? withFinalText(turn, action.snapshot) : turn)) };
    case 'regenerate-refused':
      if (state.pending !== 'regenerate') return state; // abandoned by a new conversation
      return { ...state, pending: null, problem: action.message };
    case 'problem':
      return { ...state, problem: action.message };
    case 'new-conversation':
      return { ...EMPTY_CONVERSATION, notice: action.notice };
  }
}

/** A turn is running from the moment it is sent until both sides have an outcome. */
export function isRunning(state: ConversationState): boolean {
  const last = state.turns.at(-1);
  return state.pending !== null || (last !== undefined && SIDES.some((side) => last.sides[side].outcome === null));
}

export function isFinished(turn: TurnView): boolean {
  return turn.comparisonId !== null && SIDES.every((side) => turn.sides[side].outcome !== null);
}

function emptySide(settings: SideSettings | null): SideView {
  return { content: '', reasoning: '', outcome: null, settings };
}

function fromSnapshot(turn: TurnView, snapshot: ComparisonSnapshot, attempt: number): TurnView {
  // Text comes from the deltas only (the snapshot's text may also arrive as deltas: taking both would double it).
  const side = (s: Side): SideView => ({ ...emptySide(snapshot.sides[s].settings), outcome: snapshot.sides[s].outcome });
  return { ...turn, comparisonId: snapshot.comparisonId, turn: snapshot.turn, attempt, sides: { left: side('left'), right: side('right') } };
}

function applyBatch(state: ConversationState, batch: StreamBatch): ConversationState {
  let changed = false;
  const turns = state.turns.map((turn) => {
    const arrived = turn.comparisonId === null ? undefined : batch.get(turn.comparisonId);
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
  const differs = (side: Side) => snapshot.sides[side].content !== turn.sides[side].content || snapshot.sides[side].reasoning !== turn.sides[side].reasoning;
  if (!SIDES.some(differs)) return turn;
  const sides = { ...turn.sides };
  for (const side of SIDES.filter(differs)) sides[side] = { ...sides[side], content: snapshot.sides[side].content, reasoning: snapshot.sides[side].reasoning };
  return { ...turn, sides };
}
