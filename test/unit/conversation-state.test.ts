// The Compare view's reducer. Comparison ids are made by the renderer, so text can arrive before the service's
// reply and must be kept; replies that come back after the user started a new conversation belong to nothing
// shown, and must not disturb the new one.
import { describe, expect, it } from 'vitest';
import type { ComparisonSnapshot, SideOutcome } from '../../electron/shared/compare';
import type { Reveal } from '../../electron/shared/sessions';
import { conversationReducer, EMPTY_CONVERSATION, isFinished, isRunning, type ConversationState, type TurnRequest } from '../../renderer/src/views/compare/conversation-state';

const SAMPLING = { temperature: 0.7, topP: 0.95, maxTokens: 64, seed: null };
const PROFILES = { left: 'p-left', right: 'p-right' };
const TIMINGS = { ttftMs: 10, firstContentMs: 11, e2eMs: 100, itlP50Ms: 1, itlP95Ms: 2, tpotMs: 3, decodeTokensPerS: 50, outputTokens: 20, promptTokens: 5, serverTtftMs: null };
const DONE: SideOutcome = { kind: 'done', finishReason: 'stop', timings: TIMINGS };

function request(comparisonId: string, userMessage: string, sessionId: string | null = null): TurnRequest {
  return { comparisonId, sentAt: 0, userMessage, sampling: SAMPLING, sessionId, profileIds: sessionId ? null : PROFILES, systemPrompt: '', continues: false, notice: null };
}

function snapshot(comparisonId: string, userMessage: string, outcome: SideOutcome | null = null): ComparisonSnapshot {
  const side = () => ({ content: '', reasoning: '', outcome, settings: { sampling: SAMPLING, overridden: [] } });
  return { comparisonId, sessionId: null, reveal: null, conversationId: `conv-${comparisonId}`, turn: 1, userMessage, sides: { left: side(), right: side() }, startedAt: 0 };
}

function reveal(comparisonId: string, outcomes: Reveal['outcomes'] = null): Reveal {
  const model = (i: 0 | 1, name: string) => ({ model: i, name, servedName: name, source: `org/${name}` });
  return { sessionId: 's', comparisonId, sides: { left: model(1, 'Beta'), right: model(0, 'Alpha') }, outcomes };
}

/** Sends "old", starts over before its reply, then sends "new": the state a late reply for "old" meets. */
function abandonedThenNew(): ConversationState {
  let state = conversationReducer(EMPTY_CONVERSATION, { type: 'send', request: request('old', 'Old prompt') });
  state = conversationReducer(state, { type: 'new-conversation', notice: null });
  return conversationReducer(state, { type: 'send', request: request('new', 'New prompt') });
}

describe('the conversation reducer', () => {
  it('a late start reply for an abandoned turn changes nothing', () => {
    const state = abandonedThenNew();
    const after = conversationReducer(state, { type: 'started', snapshot: snapshot('old', 'Old prompt') });
    expect(after).toBe(state);
    expect(after.pending).toBe('start'); // the new prompt is still on its way
    expect(isRunning(after)).toBe(true);
  });

  it('a late refusal for an abandoned turn neither clears the new request nor shows its reason', () => {
    const state = abandonedThenNew();
    const after = conversationReducer(state, { type: 'refused', comparisonId: 'old', message: 'Alpha is not ready.' });
    expect(after).toBe(state);
    expect(after.problem).toBeNull();
  });

  it('text for a turn that arrives before its start reply is kept when the reply comes', () => {
    let state = conversationReducer(EMPTY_CONVERSATION, { type: 'send', request: request('c1', 'Hello') });
    state = conversationReducer(state, { type: 'stream', batch: new Map([['c1', { left: { content: 'Hi', reasoning: '', outcome: null } }]]) });
    state = conversationReducer(state, { type: 'started', snapshot: snapshot('c1', 'Hello') });
    expect(state.turns[0]).toMatchObject({ accepted: true, sides: { left: { content: 'Hi' }, right: { content: '' } } });
    expect(state.pending).toBeNull();
    expect(state.conversationId).toBe('conv-c1');
  });

  it('a refused first turn leaves nothing behind', () => {
    const state = conversationReducer(EMPTY_CONVERSATION, { type: 'send', request: request('only', 'Hello') });
    const after = conversationReducer(state, { type: 'refused', comparisonId: 'only', message: 'Alpha is not ready.' });
    expect(after).toMatchObject({ turns: [], pending: null, conversationId: null, profileIds: null, problem: 'Alpha is not ready.' });
  });

  it('a refused regeneration brings the turn back as it was', () => {
    let state = conversationReducer(EMPTY_CONVERSATION, { type: 'send', request: request('c1', 'Hello') });
    state = conversationReducer(state, { type: 'started', snapshot: snapshot('c1', 'Hello', DONE) });
    const before = state.turns[0]!;
    state = conversationReducer(state, { type: 'regenerating', replaces: 'c1', comparisonId: 'c2', at: 5 });
    expect(state.turns[0]).toMatchObject({ comparisonId: 'c2', attempt: 2, accepted: false });
    state = conversationReducer(state, { type: 'regenerate-refused', comparisonId: 'c2', message: 'busy' });
    expect(state.turns[0]).toBe(before);
    expect(state).toMatchObject({ pending: null, problem: 'busy' });
  });

  it('a vote and its reveal name the sides; equal reveal hands over the held timings; undo keeps the names', () => {
    let state = conversationReducer(EMPTY_CONVERSATION, { type: 'send', request: request('c1', 'Hello', 's') });
    const hidden: SideOutcome = { kind: 'done', finishReason: 'stop', timings: { ...TIMINGS, ttftMs: null, e2eMs: null } };
    state = conversationReducer(state, { type: 'started', snapshot: snapshot('c1', 'Hello', hidden) });
    expect(isFinished(state.turns[0]!)).toBe(true);
    expect(state.turns[0]!.reveal).toBeNull();
    state = conversationReducer(state, { type: 'voted', comparisonId: 'c1', voteId: 'v1', verdict: 'left' });
    state = conversationReducer(state, { type: 'revealed', reveal: reveal('c1', { left: DONE, right: DONE }) });
    expect(state.turns[0]).toMatchObject({ vote: { voteId: 'v1', verdict: 'left' }, reveal: { sides: { left: { name: 'Beta' }, right: { name: 'Alpha' } } } });
    expect(state.turns[0]!.sides.left.outcome).toEqual(DONE);
    state = conversationReducer(state, { type: 'unvoted', comparisonId: 'c1' });
    expect(state.turns[0]).toMatchObject({ vote: null, reveal: { sides: { left: { name: 'Beta' } } } });
  });

  it('a new conversation in a session keeps the session, and a restore shows recorded turns finished', () => {
    const inSession = conversationReducer(EMPTY_CONVERSATION, { type: 'new-conversation', notice: null, sessionId: 's' });
    expect(conversationReducer(inSession, { type: 'new-conversation', notice: null }).sessionId).toBe('s');
    const recorded = { ...snapshot('c9', 'Earlier', DONE), sides: { left: { content: 'L', reasoning: '', outcome: DONE, settings: { sampling: SAMPLING, overridden: [] } }, right: { content: 'R', reasoning: '', outcome: DONE, settings: { sampling: SAMPLING, overridden: [] } } } };
    const restored = conversationReducer(EMPTY_CONVERSATION, { type: 'restore', sessionId: 's', turns: [recorded] });
    expect(restored).toMatchObject({ sessionId: 's', conversationId: 'conv-c9', pending: null });
    expect(restored.turns[0]).toMatchObject({ accepted: true, sides: { left: { content: 'L' }, right: { content: 'R' } } });
    expect(isRunning(restored)).toBe(false);
  });
});
