import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import type { ComparisonSnapshot, SamplingParams, StartComparison } from '../../../../electron/shared/compare';
import type { Side } from '../../../../electron/shared/sides';
import type { PairwiseApi } from '../../../../electron/shared/contract';
import type { ReopenedConversation } from '../../../../electron/shared/sessions';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../models/format';
import { conversationReducer, EMPTY_CONVERSATION, isFinished, isRunning, type ConversationAction, type ConversationState } from './conversation-state';
import { useComparisonStream } from './use-comparison';

/** What the view sends for one turn: outside a session, with its models; in one, the session decides them. */
export type TurnInput =
  | { kind: 'open'; profileIds: Record<Side, string>; systemPrompt: string; userMessage: string; sampling: SamplingParams; overrides: StartComparison['overrides'] }
  | { kind: 'session'; sessionId: string; systemPrompt: string; userMessage: string; sampling: SamplingParams; continues: boolean }
  /**
   * A prompt set run's next step: the service sends its prompt as a new blind turn (the reply is a session turn's).
   * The caller makes its comparison id, to keep the step (its key points) beside the turn.
   */
  | { kind: 'run'; comparisonId: string; sessionId: string; runId: string; step: number; systemPrompt: string; userMessage: string; sampling: SamplingParams };

export interface Conversation {
  state: ConversationState;
  running: boolean;
  /**
   * Resolves 'refused' when the service refused the turn (the reason is in state.problem), 'busy' when a turn
   * was already on its way (a second Ctrl+Enter before the first one rendered).
   */
  send(input: TurnInput): Promise<'sent' | 'refused' | 'busy'>;
  /** Both sides of the last turn, or one. */
  cancel(side?: Side): void;
  regenerate(): void;
  /** Cancels a running turn and clears the thread; `notice` says why when it was not the user's click. */
  startOver(notice?: string | null, sessionId?: string | null): void;
  /** Shows a recorded conversation (reopened from History) to go on with it. */
  restore(sessionId: string, turns: ComparisonSnapshot[], votes: ReopenedConversation['votes']): void;
  dispatch(action: ConversationAction): void;
  dismissProblem(): void;
}

/**
 * The multi-turn exchange shown in the Compare view: sends turns, follows their streams (applied once per frame
 * by useComparisonStream), cancels, regenerates, and once a turn is over takes the service's final text as the
 * truth (it heals a delta lost on the way, e.g. by a reconnecting socket). Every comparison's id is made here,
 * before it is sent, so text that arrives belongs to a turn already shown, or to none (then it is dropped).
 */
export function useConversation(): Conversation {
  const api = useApi();
  const [state, dispatch] = useReducer(conversationReducer, EMPTY_CONVERSATION);
  const latest = useRef(state);
  /** The comparison being started or regenerated, set synchronously (state lags a render behind a keypress). */
  const starting = useRef<string | null>(null);
  const reconciled = useRef(new Set<string>());
  // Before paint: the stream's next frame must see the state this render committed.
  useLayoutEffect(() => {
    latest.current = state;
  });

  useComparisonStream(
    (batch) => dispatch({ type: 'stream', batch }),
    (comparisonId) => latest.current.turns.some((turn) => turn.comparisonId === comparisonId) || starting.current === comparisonId,
  );

  const requestCancel = useCallback(
    (comparisonId: string, side?: Side) => {
      api['compare.cancel'](side ? { comparisonId, side } : { comparisonId }).catch((error: unknown) => dispatch({ type: 'problem', message: errorMessage(error) }));
    },
    [api],
  );

  const cancel = useCallback(
    (side?: Side) => {
      const comparisonId = starting.current ?? latest.current.turns.at(-1)?.comparisonId;
      if (!comparisonId || (!starting.current && !isRunning(latest.current))) return;
      requestCancel(comparisonId, side);
    },
    [requestCancel],
  );

  const send = useCallback(
    async (input: TurnInput): Promise<'sent' | 'refused' | 'busy'> => {
      if (starting.current || isRunning(latest.current)) return 'busy';
      const current = latest.current;
      const comparisonId = input.kind === 'run' ? input.comparisonId : crypto.randomUUID();
      const { continues, notice } = continuation(current, input);
      starting.current = comparisonId;
      const profileIds = input.kind === 'open' ? input.profileIds : null;
      const sessionId = input.kind === 'open' ? null : input.sessionId;
      dispatch({ type: 'send', request: { comparisonId, sentAt: Date.now(), userMessage: input.userMessage, sampling: input.sampling, sessionId, profileIds, systemPrompt: input.systemPrompt, continues, notice } });
      const conversationId = continues ? current.conversationId : null;
      try {
        const snapshot = await startTurn(api, input, comparisonId, conversationId);
        dispatch({ type: 'started', snapshot });
        return 'sent';
      } catch (error) {
        dispatch({ type: 'refused', comparisonId, message: errorMessage(error) });
        return 'refused';
      } finally {
        if (starting.current === comparisonId) starting.current = null;
      }
    },
    [api],
  );

  const regenerate = useCallback(() => {
    const last = latest.current.turns.at(-1);
    if (!last || !isFinished(last) || latest.current.pending || starting.current) return;
    const comparisonId = crypto.randomUUID();
    starting.current = comparisonId;
    dispatch({ type: 'regenerating', replaces: last.comparisonId, comparisonId, at: Date.now() });
    api['compare.regenerate']({ comparisonId: last.comparisonId, newComparisonId: comparisonId })
      .then(
        (snapshot) => dispatch({ type: 'started', snapshot }),
        (error: unknown) => dispatch({ type: 'regenerate-refused', comparisonId, message: errorMessage(error) }),
      )
      .finally(() => {
        if (starting.current === comparisonId) starting.current = null;
      });
  }, [api]);

  const startOver = useCallback(
    (notice: string | null = null, sessionId?: string | null) => {
      if (isRunning(latest.current) || starting.current) cancel();
      // The abandoned turn's text, if any still comes, belongs to no turn shown and is dropped.
      starting.current = null;
      dispatch({ type: 'new-conversation', notice, sessionId });
    },
    [cancel],
  );

  const restore = useCallback((sessionId: string, turns: ComparisonSnapshot[], votes: ReopenedConversation['votes']) => {
    starting.current = null;
    dispatch({ type: 'restore', sessionId, turns, votes });
  }, []);

  // Once both sides of a turn are over, the service's record of it (compare.get) replaces the summed deltas.
  useEffect(() => {
    for (const turn of state.turns) {
      if (!isFinished(turn) || reconciled.current.has(turn.comparisonId)) continue;
      reconciled.current.add(turn.comparisonId);
      api['compare.get']({ comparisonId: turn.comparisonId }).then((snapshot) => dispatch({ type: 'reconciled', snapshot }), () => {});
    }
  }, [api, state.turns]);

  const dismissProblem = useCallback(() => dispatch({ type: 'problem', message: null }), []);
  return { state, running: isRunning(state), send, cancel, regenerate, startOver, restore, dispatch, dismissProblem };
}

/** The request that starts the turn; every kind answers with the turn's first snapshot. */
function startTurn(api: PairwiseApi, input: TurnInput, comparisonId: string, conversationId: string | null): Promise<ComparisonSnapshot> {
  switch (input.kind) {
    case 'run':
      return api['sessions.runNext']({ sessionId: input.sessionId, comparisonId, runId: input.runId, step: input.step });
    case 'session':
      return api['sessions.turn']({ sessionId: input.sessionId, comparisonId, conversationId, userMessage: input.userMessage });
    case 'open':
      return api['compare.start']({
        comparisonId,
        conversationId,
        leftProfileId: input.profileIds.left,
        rightProfileId: input.profileIds.right,
        systemPrompt: input.systemPrompt,
        userMessage: input.userMessage,
        sampling: input.sampling,
        ...(input.overrides ? { overrides: input.overrides } : {}),
      });
  }
}

/** Whether the turn continues the conversation on screen, and if not, why a new one begins (when it is news). */
function continuation(current: ConversationState, input: TurnInput): { continues: boolean; notice: string | null } {
  // A run's step is always a conversation of its own (its sides drawn, or swapped for a hidden repeat).
  if (input.kind === 'run') return { continues: false, notice: null };
  if (input.kind === 'session') {
    const continues = input.continues && current.sessionId === input.sessionId && current.conversationId !== null;
    return { continues, notice: null };
  }
  const sameModels = current.profileIds?.left === input.profileIds.left && current.profileIds.right === input.profileIds.right;
  const continues = current.sessionId === null && current.conversationId !== null && sameModels && current.systemPrompt === input.systemPrompt;
  const notice = current.turns.length === 0 || continues ? null : `New conversation: the ${sameModels ? 'system prompt' : 'models'} changed.`;
  return { continues, notice };
}
