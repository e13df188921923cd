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
  /** Per side, the positions of the key points ticked as covered (only for a prompt set step that has them). */
  keyPoints: Record<Side, number[]>;
}

/** What a prompt set step brings to its vote: the category it starts from and how many key points it has. */
export interface VoteStart {
  category: string;
  keyPointCount: number;
}

export interface VoteState {
  draft: VoteDraft;
  setScore(side: Side, dimension: string, value: number | null): void;
  setComment(text: string): void;
  setCategory(text: string): void;
  toggleKeyPoint(side: Side, index: number): void;
  saving: boolean;
  /** Why the last save failed (a full disk…): the draft stays on screen to save again. */
  error: string | null;
  submit(verdict: Verdict): Promise<void>;
  /** Gives up a vote that could not be saved (the next prompt may then be sent). */
  dismissError(): void;
  undo(voteId: string, comparisonId: string): Promise<void>;
}

const EMPTY: VoteDraft = { scores: { left: {}, right: {} }, comment: '', category: '', keyPoints: { left: [], right: [] } };

/**
 * The vote on the last turn: scores, comment and category typed first, then one key for the verdict. The vote
 * is acknowledged only once the service has it on disk; then the names come back with the reply.
 */
export function useVote(sessionId: string | null, comparisonId: string | null, dispatch: (action: ConversationAction) => void, start: VoteStart | null = null): VoteState {
  const api = useApi();
  const [draft, setDraft] = useState<VoteDraft>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const startRef = useRef(start);
  useEffect(() => {
    startRef.current = start;
  });
  // A new turn gets a fresh draft. A prompt set step starts from its own category; a typed prompt keeps the last
  // one (prompts typed one after another often share it).
  useEffect(() => {
    setDraft((current) => ({ ...EMPTY, category: startRef.current?.category ?? current.category }));
    setError(null);
  }, [comparisonId]);
  // A step known only after its turn is shown (a pending one reopened from History, its record fetched).
  const startCategory = start?.category ?? null;
  useEffect(() => {
    if (startCategory !== null) setDraft((current) => ({ ...current, category: startCategory }));
  }, [startCategory]);

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
  const toggleKeyPoint = useCallback((side: Side, index: number) => {
    setDraft((current) => {
      const ticked = current.keyPoints[side];
      const next = ticked.includes(index) ? ticked.filter((i) => i !== index) : [...ticked, index].sort((a, b) => a - b);
      return { ...current, keyPoints: { ...current.keyPoints, [side]: next } };
    });
  }, []);
  const keyPointCount = start?.keyPointCount ?? 0;

  const submit = useCallback(
    async (verdict: Verdict) => {
      if (!sessionId || !comparisonId || busy.current) return;
      busy.current = true;
      setSaving(true);
      try {
        // Only for a step with key points, and only once the checklist was used: a vote cast from the keyboard
        // without touching it says nothing about completeness, and must not count as "none covered" for both.
        const assessed = keyPointCount > 0 && draft.keyPoints.left.length + draft.keyPoints.right.length > 0;
        const keyPoints = assessed ? { keyPoints: draft.keyPoints } : {};
        const saved = await api['sessions.vote']({ sessionId, comparisonId, verdict, scores: draft.scores, comment: draft.comment, category: draft.category.trim(), ...keyPoints });
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
    [api, sessionId, comparisonId, draft, dispatch, keyPointCount],
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
  return useMemo(
    () => ({ draft, setScore, setComment, setCategory, toggleKeyPoint, saving, error, submit, undo, dismissError }),
    [draft, setScore, setComment, setCategory, toggleKeyPoint, saving, error, submit, undo, dismissError],
  );
}
