import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import type { SamplingParams, StartComparison } from '../../../../electron/shared/compare';
import type { Side } from '../../../../electron/shared/sides';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../models/format';
import { conversationReducer, EMPTY_CONVERSATION, isFinished, isRunning, type ConversationState } from './conversation-state';
import { useComparisonStream, type StreamVerdict } from './use-comparison';

/** What the view sends for one turn; the conversation decides whether it continues or starts afresh. */
export interface TurnInput {
  profileIds: Record<Side, string>;
  systemPrompt: string;
  userMessage: string;
  sampling: SamplingParams;
  overrides: StartComparison['overrides'];
}

export interface Conversation {
  state: ConversationState;
  running: boolean;
  /**
   * Resolves 'refused' when the service refused the turn (the reason is in state.problem), 'busy' when a turn
   * was already on its way (a second Ctrl+Enter before the first one rendered).
   */
  send(input: TurnInput): Promise<'sent' | 'refused' | 'busy'>;
  /** Both sides, or one. Before the service has named the comparison, the cancel waits for its reply. */
  cancel(side?: Side): void;
  regenerate(): void;
  /** Cancels a running turn and clears the thread; `notice` says why when it was not the user's click. */
  startOver(notice?: string | null): void;
  dismissProblem(): void;
}

/**
 * The multi-turn exchange shown in the Compare view: sends turns, follows their streams (applied once per frame
 * by useComparisonStream), cancels, regenerates, and once a turn is over takes the service's final text as the
 * truth (it heals a delta lost on the way, e.g. by a reconnecting socket).
 */
export function useConversation(): Conversation {
  const api = useApi();
  const [state, dispatch] = useReducer(conversationReducer, EMPTY_CONVERSATION);
  const latest = useRef(state);
  /** Requests (by turn key, "regenerate:" + key for a regeneration) to cancel as soon as they reply. */
  const cancelOnReply = useRef(new Set<string>());
  /** The start or regenerate waiting for its reply, set synchronously (state lags a render behind a keypress). */
  const awaitingReply = useRef<string | null>(null);
  /** The newest comparison the service named, also set synchronously on its reply, for the same reason. */
  const newestComparison = useRef<string | null>(null);
  const reconciled = useRef(new Set<string>());
  // Before paint: the stream's next frame must see the state this render committed.
  useLayoutEffect(() => {
    latest.current = state;
  });

  const stream = useComparisonStream(
    (batch) => dispatch({ type: 'stream', batch }),
    (comparisonId) => verdictFor(latest.current, comparisonId),
  );

  const requestCancel = useCallback(
    (comparisonId: string, side?: Side) => {
      api['compare.cancel'](side ? { comparisonId, side } : { comparisonId }).catch((error: unknown) => dispatch({ type: 'problem', message: errorMessage(error) }));
    },
    [api],
  );

  const cancelIfAsked = useCallback(
    (request: string, comparisonId: string) => {
      if (cancelOnReply.current.delete(request)) requestCancel(comparisonId);
    },
    [requestCancel],
  );

  const cancel = useCallback(
    (side?: Side) => {
      // The service has not named the comparison yet (start or regenerate on its way): cancel it on the reply.
      if (awaitingReply.current) {
        cancelOnReply.current.add(awaitingReply.current);
        return;
      }
      const comparisonId = newestComparison.current;
      const last = latest.current.turns.at(-1);
      // Nothing to cancel, or the rendered state already shows this comparison finished.
      if (!comparisonId || (last?.comparisonId === comparisonId && !isRunning(latest.current))) return;
      requestCancel(comparisonId, side);
    },
    [requestCancel],
  );

  const send = useCallback(
    async (input: TurnInput): Promise<'sent' | 'refused' | 'busy'> => {
      if (awaitingReply.current || isRunning(latest.current)) return 'busy';
      const current = latest.current;
      const key = crypto.randomUUID();
      const sameModels = current.profileIds?.left === input.profileIds.left && current.profileIds.right === input.profileIds.right;
      const continues = current.conversationId !== null && sameModels && current.systemPrompt === input.systemPrompt;
      const notice = current.turns.length === 0 || continues ? null : `New conversation: the ${sameModels ? 'system prompt' : 'models'} changed.`;
      awaitingReply.current = key;
      dispatch({ type: 'send', request: { key, sentAt: Date.now(), userMessage: input.userMessage, sampling: input.sampling, profileIds: input.profileIds, systemPrompt: input.systemPrompt, continues, notice } });
      try {
        const snapshot = await api['compare.start']({
          conversationId: continues ? current.conversationId : null,
          leftProfileId: input.profileIds.left,
          rightProfileId: input.profileIds.right,
          systemPrompt: input.systemPrompt,
          userMessage: input.userMessage,
          sampling: input.sampling,
          ...(input.overrides ? { overrides: input.overrides } : {}),
        });
        // Unless the user started over meanwhile: then this turn is abandoned (and cancelled just below).
        if (awaitingReply.current === key) newestComparison.current = snapshot.comparisonId;
        dispatch({ type: 'started', key, snapshot });
        cancelIfAsked(key, snapshot.comparisonId);
        return 'sent';
      } catch (error) {
        cancelOnReply.current.delete(key);
        dispatch({ type: 'refused', key, message: errorMessage(error) });
        return 'refused';
      } finally {
        if (awaitingReply.current === key) awaitingReply.current = null;
        stream.flushSoon(); // text held while the reply was on its way is applied (or dropped) now
      }
    },
    [api, stream, cancelIfAsked],
  );

  const regenerate = useCallback(() => {
    const last = latest.current.turns.at(-1);
    if (!last || !isFinished(last) || latest.current.pending || awaitingReply.current) return;
    const replaces = last.comparisonId!;
    const at = Date.now();
    const request = `regenerate:${last.key}`;
    awaitingReply.current = request;
    dispatch({ type: 'regenerating' });
    const settled = () => {
      if (awaitingReply.current === request) awaitingReply.current = null;
      stream.flushSoon();
    };
    api['compare.regenerate']({ comparisonId: replaces }).then(
      (snapshot) => {
        if (awaitingReply.current === request) newestComparison.current = snapshot.comparisonId;
        dispatch({ type: 'regenerated', replaces, snapshot, at });
        cancelIfAsked(request, snapshot.comparisonId);
        settled();
      },
      (error: unknown) => {
        cancelOnReply.current.delete(request);
        dispatch({ type: 'regenerate-refused', message: errorMessage(error) });
        settled();
      },
    );
  }, [api, stream, cancelIfAsked]);

  const startOver = useCallback(
    (notice: string | null = null) => {
      if (isRunning(latest.current) || awaitingReply.current) cancel();
      // The abandoned request stays in cancelOnReply and is cancelled when it replies; the new conversation
      // must not wait for it (a prompt sent now would be refused as 'busy' and lost).
      awaitingReply.current = null;
      newestComparison.current = null;
      dispatch({ type: 'new-conversation', notice });
    },
    [cancel],
  );

  // Once both sides of a turn are over, the service's record of it (compare.get) replaces the summed deltas.
  useEffect(() => {
    for (const turn of state.turns) {
      if (!isFinished(turn) || reconciled.current.has(turn.comparisonId!)) continue;
      reconciled.current.add(turn.comparisonId!);
      api['compare.get']({ comparisonId: turn.comparisonId! }).then((snapshot) => dispatch({ type: 'reconciled', snapshot }), () => {});
    }
  }, [api, state.turns]);

  const dismissProblem = useCallback(() => dispatch({ type: 'problem', message: null }), []);
  return { state, running: isRunning(state), send, cancel, regenerate, startOver, dismissProblem };
}

function verdictFor(state: ConversationState, comparisonId: string): StreamVerdict {
  if (state.turns.some((turn) => turn.comparisonId === comparisonId)) return 'apply';
  // A start/regenerate still waiting for its reply may be this comparison: keep its text until the reply comes.
  return state.pending ? 'hold' : 'drop';
}
