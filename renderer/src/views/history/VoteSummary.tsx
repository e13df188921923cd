import type { RevealedModel, Side, VoteRecord } from '../../../../electron/shared/sessions';
import { SIDES } from '../../../../electron/shared/sides';
import { formatWhen, SIDE_LETTERS, verdictLabel } from './history-format';

interface VoteSummaryProps {
  vote: VoteRecord | null;
  /** The sessions' dimensions are in the scores themselves: a dimension nobody scored is not a column. */
  models: Record<Side, RevealedModel> | null;
}

/** The vote as it stands (after edits, without undone ones): verdict, scores per dimension, comment, category. */
export function VoteSummary({ vote, models }: VoteSummaryProps) {
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
      <dl className="detail-facts">
        <div className="detail-fact">
          <dt>Category</dt>
          <dd>{vote.category || '—'}</dd>
        </div>
        <div className="detail-fact">
          <dt>Comment</dt>
          <dd className="preserve">{vote.comment || '—'}</dd>
        </div>
      </dl>
    </div>
  );
}
