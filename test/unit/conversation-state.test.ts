// The Compare view's reducer: replies that come back after the user started a new conversation belong to nothing
// shown, and must not disturb the request of the new one.
import { describe, expect, it } from 'vitest';
import type { ComparisonSnapshot } from '../../electron/shared/compare';
import { conversationReducer, EMPTY_CONVERSATION, isRunning, type ConversationState, type TurnRequest } from '../../renderer/src/views/compare/conversation-state';

const SAMPLING = { temperature: 0.7, topP: 0.95, maxTokens: 64, seed: null };
const PROFILES = { left: 'p-left', right: 'p-right' };

function request(key: string, userMessage: string): TurnRequest {
  return { key, sentAt: 0, userMessage, sampling: SAMPLING, profileIds: PROFILES, systemPrompt: '', continues: false, notice: null };
}

function snapshot(comparisonId: string, userMessage: string): ComparisonSnapshot {
  const side = (profileId: string) => ({ content: '', reasoning: '', outcome: null, settings: { profileId, sampling: SAMPLING, overridden: [] } });
  return { comparisonId, conversationId: `conv-${comparisonId}`, turn: 1, userMessage, sides: { left: side('p-left'), right: side('p-right') }, startedAt: 0 };
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
    const after = conversationReducer(state, { type: 'started', key: 'old', snapshot: snapshot('c-old', 'Old prompt') });
    expect(after).toBe(state);
    expect(after.pending).toBe('start'); // the new prompt is still on its way
    expect(isRunning(after)).toBe(true);
  });

  it('a late refusal for an abandoned turn neither clears the new request nor shows its reason', () => {
    const state = abandonedThenNew();
    const after = conversationReducer(state, { type: 'refused', key: 'old', message: 'Alpha is not ready.' });
    expect(after).toBe(state);
    expect(after.problem).toBeNull();
  });

  it('a late regenerate reply for a turn no longer shown changes nothing', () => {
    const state = abandonedThenNew();
    expect(conversationReducer(state, { type: 'regenerated', replaces: 'c-gone', snapshot: snapshot('c-again', 'Old prompt'), at: 1 })).toBe(state);
    expect(conversationReducer(state, { type: 'regenerate-refused', message: 'gone' })).toBe(state);
  });

  it('the reply for the shown turn names its comparison and ends the wait', () => {
    const state = abandonedThenNew();
    const after = conversationReducer(state, { type: 'started', key: 'new', snapshot: snapshot('c-new', 'New prompt') });
    expect(after.pending).toBeNull();
    expect(after.turns.map((turn) => [turn.userMessage, turn.comparisonId])).toEqual([['New prompt', 'c-new']]);
    expect(after.conversationId).toBe('conv-c-new');
  });

  it('a refused first turn leaves nothing behind', () => {
    const state = conversationReducer(EMPTY_CONVERSATION, { type: 'send', request: request('only', 'Hello') });
    const after = conversationReducer(state, { type: 'refused', key: 'only', message: 'Alpha is not ready.' });
    expect(after).toMatchObject({ turns: [], pending: null, conversationId: null, profileIds: null, problem: 'Alpha is not ready.' });
  });
});
