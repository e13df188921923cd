import { useEffect, useId, useRef } from 'react';
import type { SessionView } from '../../../../../electron/shared/sessions';
import { SIDES } from '../../../../../electron/shared/sides';
import { MAX_CATEGORY_LENGTH, MAX_COMMENT_LENGTH, VERDICTS, type Verdict } from '../../../../../electron/shared/session-values';
import type { TurnView } from '../conversation-state';
import { KeyPointChecklist } from './KeyPointChecklist';
import { ScoreGroup } from './ScoreGroup';
import { SIDE_LETTERS, VERDICT_LABELS } from './vote-words';
import type { VoteState } from './use-vote';

interface VotePanelProps {
  active: boolean;
  session: SessionView;
  turn: TurnView;
  vote: VoteState;
  /** The key points of the prompt set step this turn ran, or null (a typed prompt, or a step without any). */
  keyPoints: readonly string[] | null;
}

/**
 * The vote on the last turn: A better / B better / tie / both bad on the keys 1–4, optional 0–5 scores per side
 * on the session's dimensions, the key points each side covered (prompt set steps), a comment and a category.
 * After the vote: what was chosen, and Undo (Ctrl+Z).
 */
export function VotePanel({ active, session, turn, vote, keyPoints }: VotePanelProps) {
  const ids = { comment: useId(), category: useId(), categories: useId() };
  useVoteKeys(active, turn, vote);
  if (turn.vote) {
    return (
      <section className="vote-panel voted" aria-label="Your vote">
        <p role="status">
          Saved: {VERDICT_LABELS[turn.vote.verdict]}
          {turn.reveal && ` — A was ${turn.reveal.sides.left.name}, B was ${turn.reveal.sides.right.name}`}.
        </p>
        <button type="button" className="small" aria-keyshortcuts="Control+Z" onClick={() => void vote.undo(turn.vote!.voteId, turn.comparisonId)}>
          Undo vote (Ctrl+Z)
        </button>
        {vote.error && <p className="field-error" role="alert">{vote.error}</p>}
      </section>
    );
  }
  const failed = SIDES.filter((side) => turn.sides[side].outcome?.kind !== 'done');
  const { dimensions } = session.settings;
  const checklist = keyPoints && keyPoints.length > 0 ? keyPoints : null;
  return (
    <section className="vote-panel" aria-label="Vote">
      {failed.length > 0 && (
        <p className="drawer-hint warning-note">
          {failed.map((side) => SIDE_LETTERS[side]).join(' and ')} did not finish: you can still vote, and the vote records that.
        </p>
      )}
      {(dimensions.length > 0 || checklist) && (
        <div className="vote-scores">
          {SIDES.map((side) => (
            // Scores first in each column: Tab from the vote lands on A's first score, and digits walk the scores.
            <div key={side} className="vote-side">
              {dimensions.length > 0 && (
                <div className="vote-side-scores" role="group" aria-label={`Scores for ${SIDE_LETTERS[side]}`}>
                  {dimensions.map((dimension) => (
                    <ScoreGroup key={dimension} label={`${SIDE_LETTERS[side]} ${dimension}`} value={vote.draft.scores[side][dimension] ?? null} onChange={(value) => vote.setScore(side, dimension, value)} />
                  ))}
                </div>
              )}
              {checklist && <KeyPointChecklist side={side} keyPoints={checklist} ticked={vote.draft.keyPoints[side]} onToggle={vote.toggleKeyPoint} />}
            </div>
          ))}
        </div>
      )}
      <div className="vote-notes">
        <label htmlFor={ids.comment}>Comment</label>
        <textarea id={ids.comment} rows={1} maxLength={MAX_COMMENT_LENGTH} value={vote.draft.comment} onChange={(event) => vote.setComment(event.target.value)} />
        <label htmlFor={ids.category}>Category</label>
        <input id={ids.category} maxLength={MAX_CATEGORY_LENGTH} value={vote.draft.category} placeholder="e.g. knowledge QA" onChange={(event) => vote.setCategory(event.target.value)} />
      </div>
      <div className="vote-verdicts" role="group" aria-label="Verdict">
        {VERDICTS.map((verdict, index) => (
          <button key={verdict} type="button" className={verdict === 'left' || verdict === 'right' ? 'primary' : undefined} disabled={vote.saving} aria-keyshortcuts={String(index + 1)} onClick={() => void vote.submit(verdict)}>
            <kbd>{index + 1}</kbd> {VERDICT_LABELS[verdict]}
          </button>
        ))}
      </div>
      {vote.saving && <p role="status">Saving your vote…</p>}
      {vote.error && (
        <div className="compare-problem" role="alert">
          <span>Not saved: {vote.error} Your vote is still here: press its key again to save it.</span>
          <button type="button" className="small" onClick={vote.dismissError}>
            Discard this vote
          </button>
        </div>
      )}
    </section>
  );
}

/** 1–4 vote, Ctrl/Cmd+Z undoes: while the view is shown, and never while typing in a field. */
function useVoteKeys(active: boolean, turn: TurnView, vote: VoteState): void {
  const latest = useRef({ turn, vote });
  useEffect(() => {
    latest.current = { turn, vote };
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const { turn: current, vote: state } = latest.current;
      // After a vote focus is in the (empty) prompt: Ctrl+Z there undoes the vote; in typed text it stays the field's.
      const undoKey = (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z';
      if (undoKey && current.vote && (!isTextField(event.target) || isEmptyPrompt(event.target))) {
        event.preventDefault();
        void state.undo(current.vote.voteId, current.comparisonId);
        return;
      }
      if (isTextField(event.target) || event.ctrlKey || event.metaKey || event.altKey || current.vote) return;
      const verdict: Verdict | undefined = VERDICTS[Number(event.key) - 1];
      if (!/^[1-4]$/.test(event.key) || !verdict) return;
      event.preventDefault();
      void state.submit(verdict);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}

/** The prompt box with nothing typed in it: empty, or showing a prompt set's next step (read-only). */
function isEmptyPrompt(target: EventTarget | null): boolean {
  return target instanceof HTMLTextAreaElement && target.hasAttribute('data-compare-prompt') && (target.value === '' || target.readOnly);
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // A read-only textarea takes no typing (the prompt box during a prompt set run): its keys may vote.
  if (target instanceof HTMLTextAreaElement) return !target.readOnly;
  return target.isContentEditable || target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'radio');
}

