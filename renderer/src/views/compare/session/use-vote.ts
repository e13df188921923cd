import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Side } from '../../../../../electron/shared/sides';
import type { Verdict } from '../../../../../electron/shared/session-values';
import { useApi } from '../../../api/api-context';
import { errorMessage } from '../../models/format';
import type { ConversationAction } from '../conversation-state';

export type Scores = Record<Side, Record<string, number>>;

export interface VoteDraft {
  scores: Scores;
  comment: string;
  category: string;
}

export interface VoteState {
  draft: VoteDraft;
  setScore(side: Side, dimension: string, value: number | null): void;
  setComment(text: string): void;
  setCategory(text: string): void;
  saving: boolean;
  /** Why the last save failed (a full disk…): the draft stays on screen to save again. */
  error: string | null;
  submit(verdict: Verdict): Promise<void>;
  /** Gives up a vote that could not be saved (the next prompt may then be sent). */
  dismissError(): void;
  undo(voteId: string, comparisonId: string): Promise<void>;
}

const EMPTY: VoteDraft = { scores: { left: {}, right: {} }, comment: '', category: '' };

/**
 * The vote on the last turn: scores, comment and category typed first, then one key for the verdict. The vote
 * is acknowledged only once the service has it on disk; then the names come back with the reply.
 */
export function useVote(sessionId: string | null, comparisonId: string | null, dispatch: (action: ConversationAction) => void): VoteState {
  const api = useApi();
  const [draft, setDraft] = useState<VoteDraft>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  // A new turn gets a fresh draft; the category carries over (a run of prompts often shares one).
  useEffect(() => {
    setDraft((current) => ({ ...EMPTY, category: current.category }));
    setError(null);
  }, [comparisonId]);

  const setScore = useCallback((side: Side, dimension: string, value: number | null) => {
    setDraft((current) => {
      const sideScores = { ...current.scores[side] };
      if (value === null) delete sideScores[dimension];
      else sideScores[dimension] = value;
      return { ...current, scores: { ...current.scores, [side]: sideScores } };
    });
  }, []);
  const setComment = useCallback((comment: string) => setDraft((current) => ({ ...current, comment })), []);
  const setCategory = useCallback((category: string) => setDraft((current) => ({ ...current, category })), []);

  const submit = useCallback(
    async (verdict: Verdict) => {
      if (!sessionId || !comparisonId || busy.current) return;
      busy.current = true;
      setSaving(true);
      try {
        const saved = await api['sessions.vote']({ sessionId, comparisonId, verdict, scores: draft.scores, comment: draft.comment, category: draft.category.trim() });
        dispatch({ type: 'voted', comparisonId, voteId: saved.voteId, verdict });
        dispatch({ type: 'revealed', reveal: saved.reveal });
        setError(null);
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        busy.current = false;
        setSaving(false);
      }
    },
    [api, sessionId, comparisonId, draft, dispatch],
  );

  const undo = useCallback(
    async (voteId: string, votedComparison: string) => {
      if (!sessionId || busy.current) return;
      busy.current = true;
      try {
        await api['sessions.undoVote']({ sessionId, voteId });
        dispatch({ type: 'unvoted', comparisonId: votedComparison });
        setError(null);
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        busy.current = false;
      }
    },
    [api, sessionId, dispatch],
  );

  const dismissError = useCallback(() => setError(null), []);
  return useMemo(() => ({ draft, setScore, setComment, setCategory, saving, error, submit, undo, dismissError }), [draft, setScore, setComment, setCategory, saving, error, submit, undo, dismissError]);
}
