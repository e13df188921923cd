import type { RevealedModel, Side, VoteRecord } from '../../../../electron/shared/sessions';
import { SIDES } from '../../../../electron/shared/sides';
import { useId, useState } from 'react';
import { errorMessage, formatWhen, SIDE_LETTERS, verdictLabel } from './history-format';

interface VoteSummaryProps {
  vote: VoteRecord | null;
  /** Saves a new comment and category (an edit record); resolves with the vote as it now stands. */
  onEdit?(changes: { comment: string; category: string }): Promise<void>;
  /** The sessions' dimensions are in the scores themselves: a dimension nobody scored is not a column. */
  models: Record<Side, RevealedModel> | null;
}

/** The vote as it stands (after edits, without undone ones): verdict, scores per dimension, comment, category. */
export function VoteSummary({ vote, models, onEdit }: VoteSummaryProps) {
  if (!vote) return <p className="muted">Not voted.</p>;
  const dimensions = [...new Set(SIDES.flatMap((side) => Object.keys(vote.scores[side])))];
  const winner = vote.verdict === 'left' || vote.verdict === 'right' ? models?.[vote.verdict].name : undefined;
  return (
    <div className="vote-summary">
      <p>
        <strong>{verdictLabel(vote.verdict)}</strong>
        {winner && <> · winner {winner}</>}
        <span className="muted"> · voted {formatWhen(vote.at)}{vote.blind ? ' (blind)' : ''}</span>
      </p>
      {vote.failedSides.length > 0 && <p className="muted">Voted while {vote.failedSides.map((s) => SIDE_LETTERS[s]).join(' and ')} had failed.</p>}
      {dimensions.length > 0 && (
        <table className="score-table">
          <caption className="visually-hidden">Scores (0 to 5)</caption>
          <thead>
            <tr>
              <th scope="col">Score</th>
              {SIDES.map((side) => (
                <th key={side} scope="col">
                  {SIDE_LETTERS[side]}
                  {models ? ` (${models[side].name})` : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dimensions.map((dimension) => (
              <tr key={dimension}>
                <th scope="row">{dimension}</th>
                {SIDES.map((side) => (
                  <td key={side}>{vote.scores[side][dimension] ?? '—'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <VoteNotes vote={vote} onEdit={onEdit} />
    </div>
  );
}

/** The vote's category and comment, editable afterwards (the change is recorded; the vote is not rewritten). */
function VoteNotes({ vote, onEdit }: { vote: VoteRecord; onEdit?: VoteSummaryProps['onEdit'] }) {
  const [editing, setEditing] = useState(false);
  const [category, setCategory] = useState(vote.category);
  const [comment, setComment] = useState(vote.comment);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { category: useId(), comment: useId() };
  if (!editing || !onEdit) {
    return (
      <dl className="detail-facts">
        <div className="detail-fact">
          <dt>Category</dt>
          <dd>{vote.category || '—'}</dd>
        </div>
        <div className="detail-fact">
          <dt>Comment</dt>
          <dd className="preserve">{vote.comment || '—'}</dd>
        </div>
        {onEdit && (
          <button type="button" className="small" onClick={() => setEditing(true)}>
            Edit comment and category
          </button>
        )}
      </dl>
    );
  }
  const save = async () => {
    try {
      await onEdit({ comment, category });
      setEditing(false);
      setProblem(null);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };
  return (
    <div className="detail-facts" role="group" aria-label="Edit the vote's notes">
      <label htmlFor={ids.category}>Category</label>
      <input id={ids.category} value={category} onChange={(event) => setCategory(event.target.value)} />
      <label htmlFor={ids.comment}>Comment</label>
      <textarea id={ids.comment} rows={3} value={comment} onChange={(event) => setComment(event.target.value)} />
      {problem && <p className="view-problem" role="alert">{problem}</p>}
      <button type="button" className="small" onClick={() => setEditing(false)}>
        Cancel
      </button>
      <button type="button" className="small primary" onClick={() => void save()}>
        Save
      </button>
    </div>
  );
}
