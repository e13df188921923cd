import type { MemoryPlan, ProfileChange } from '../../../../electron/shared/gpu';
import { useProposalApply, type ApplyOutcome } from './plan-apply';
import { PlanEstimateNotes } from './plan-estimate-notes';
import { PlanGpuTable } from './plan-gpu-table';
import { usePlanOpen } from './plan-open';
import { PlanProposal } from './plan-proposal';
import { PlanServerTable } from './plan-server-table';
import { messagesBesidesUnknowns, PlanUnknowns } from './plan-unknowns';
import { SUMMARY_CLASS, VERDICT_CLASS, VERDICT_ICON, VERDICT_WORDS, verdictKind } from './plan-verdict';
import type { MemoryPlanState } from './use-memory-plan';

interface MemoryPlanPanelProps {
  names: string[];
  state: MemoryPlanState;
  /** Ticked profiles; when none, the plan is about the first two vLLM profiles sharing a GPU. */
  automatic: boolean;
  /** Running servers keep their old settings until restarted: the proposal says so next to its button. */
  runningIds: ReadonlySet<string>;
  /** Saves one profile's part of a proposal; rejects with the reason it was refused. */
  onApplyChange(change: ProfileChange): Promise<void>;
}

/**
 * Whether the chosen servers fit on their GPUs together, with the numbers behind the answer and, when they do
 * not, the nearest configuration that does. Folded to one line while they fit; opens by itself otherwise.
 */
export function MemoryPlanPanel({ names, state, automatic, runningIds, onApplyChange }: MemoryPlanPanelProps) {
  const { plan, loading, error, recheck } = state;
  const kind = plan ? verdictKind(plan) : null;
  const proposalApply = useProposalApply(onApplyChange);
  const [open, setOpen] = usePlanOpen(kind, (proposalApply.outcome?.failures.length ?? 0) > 0);
  return (
    <details className="memory-plan" open={open} onToggle={(event) => setOpen(event.currentTarget.open)} aria-label="GPU memory plan">
      <summary>
        <span className="memory-plan-title">GPU memory plan</span>{' '}
        <span className={kind ? SUMMARY_CLASS[kind] : 'muted'}>
          {names.join(' + ')} {kind ? VERDICT_WORDS[kind] : loading ? 'checking…' : ''}
        </span>
      </summary>
      <div className="memory-plan-body">
        {automatic && <p className="muted">These two share a GPU. Tick profiles in the Plan column to check others.</p>}
        {error && <p role="alert" className="error-text">The memory plan could not be made: {error}</p>}
        {plan && (
          <PlanBody plan={plan} runningIds={runningIds} applying={proposalApply.applying} onApply={(changes) => proposalApply.apply(changes)} />
        )}
        {proposalApply.outcome && <ApplyResult outcome={proposalApply.outcome} />}
        <button type="button" className="small" onClick={recheck} disabled={loading} aria-label="Check the memory plan again">
          {loading ? 'Checking…' : 'Check again'}
        </button>
      </div>
    </details>
  );
}

interface PlanBodyProps {
  plan: MemoryPlan;
  runningIds: ReadonlySet<string>;
  applying: boolean;
  onApply(changes: ProfileChange[]): void;
}

function PlanBody({ plan, runningIds, applying, onApply }: PlanBodyProps) {
  const kind = verdictKind(plan);
  const messages = messagesBesidesUnknowns(plan.messages, plan.servers);
  return (
    <>
      <p className={`plan-verdict ${VERDICT_CLASS[kind]}`} role="status">
        {VERDICT_ICON[kind]} {plan.verdictReason}
      </p>
      <PlanUnknowns servers={plan.servers} />
      {plan.servers.length > 0 && <PlanServerTable servers={plan.servers} />}
      <PlanGpuTable gpus={plan.gpus} servers={plan.servers} />
      {messages.length > 0 && (
        <ul className="plan-messages">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <PlanEstimateNotes servers={plan.servers} />
      {plan.proposal && <PlanProposal proposal={plan.proposal} runningIds={runningIds} applying={applying} onApply={() => onApply(plan.proposal!.changes)} />}
      {plan.largerGpus.length > 0 && (
        <section className="plan-larger" aria-label="On a bigger GPU">
          <h4>On a bigger GPU</h4>
          <ul>
            {plan.largerGpus.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </section>
      )}
      {kind !== 'fits' && (
        <p className="muted plan-launch-note">
          Launching stays possible all the same: vLLM checks the memory itself as each server starts, and its check has the last word.
        </p>
      )}
    </>
  );
}

/** What the last apply did: a refusal names its profile, and the profiles that were saved stay saved. */
function ApplyResult({ outcome }: { outcome: ApplyOutcome }) {
  return (
    <>
      {outcome.failures.map((failure) => (
        <p key={failure.name} role="alert" className="error-text">
          Not applied to {failure.name}: {failure.message}
        </p>
      ))}
      {outcome.applied.length > 0 && <p className="muted">Applied to {outcome.applied.join(' and ')}; the plan is checked again with the new settings.</p>}
    </>
  );
}
