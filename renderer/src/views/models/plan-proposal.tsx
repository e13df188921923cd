import { useId } from 'react';
import type { MemoryProposal } from '../../../../electron/shared/gpu';
import { afterInWords, applyLabel, changeInWords, runningNote } from './plan-proposal-words';

interface PlanProposalProps {
  proposal: MemoryProposal;
  /** Profiles with a server up: the change reaches them at their next launch, and the button says so. */
  runningIds: ReadonlySet<string>;
  applying: boolean;
  onApply(): void;
}

/** The nearest configuration that fits: what changes, what it costs, what it gives, and one button to take it. */
export function PlanProposal({ proposal, runningIds, applying, onApply }: PlanProposalProps) {
  const headingId = useId();
  const running = proposal.changes.filter((c) => runningIds.has(c.profileId)).map((c) => c.name);
  return (
    <section className="plan-proposal" aria-labelledby={headingId}>
      <h3 id={headingId}>Proposed configuration</h3>
      <p>{proposal.summary}</p>
      <ul className="plan-changes" aria-label="Changes">
        {proposal.changes.map((change) => (
          <li key={change.profileId}>{changeInWords(change)}</li>
        ))}
      </ul>
      {proposal.givesUp.length > 0 && (
        <>
          <h4>What you give up</h4>
          <ul className="plan-gives-up" aria-label="What you give up">
            {proposal.givesUp.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </>
      )}
      <h4>What you get</h4>
      <ul className="plan-after" aria-label="What you get">
        {proposal.after.map((after) => (
          <li key={after.profileId}>{afterInWords(after)}</li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="primary" disabled={applying} aria-label="Apply the proposed configuration" onClick={onApply}>
          {applying ? 'Applying…' : applyLabel(proposal.changes)}
        </button>
        {running.length > 0 && <span className="muted">{runningNote(running)}</span>}
      </div>
    </section>
  );
}
