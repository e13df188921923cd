import { useState } from 'react';
import type { GpuBudget, MemoryPlan, PlannedServer } from '../../../../electron/shared/gpu';
import { errorMessage, formatBytes, formatMiB, formatUtilization } from './format';
import type { MemoryPlanState } from './use-memory-plan';

interface MemoryPlanPanelProps {
  names: string[];
  state: MemoryPlanState;
  /** Ticked profiles; when none, the plan is about the first two vLLM profiles sharing a GPU. */
  automatic: boolean;
  /** Running servers keep their old utilization until restarted: the Apply button says so. */
  runningIds: ReadonlySet<string>;
  onApply(profileId: string, utilization: number): Promise<void>;
}

/**
 * Whether the chosen servers fit on their GPUs together, and a utilization split that would. Folded to one
 * line while they fit; opens by itself when they do not.
 */
export function MemoryPlanPanel({ names, state, automatic, runningIds, onApply }: MemoryPlanPanelProps) {
  const { plan, loading, error, recheck } = state;
  const verdict = !plan ? (loading ? 'checking…' : '') : !plan.checked ? 'not checked (no nvidia-smi)' : plan.fits ? '✓ fit together' : '✕ do not fit together';
  return (
    // The key re-mounts the element when the verdict changes, so a new problem opens it even if it was folded.
    <details key={plan ? String(plan.fits && plan.checked) : 'none'} className="memory-plan" open={plan ? !plan.fits : undefined} aria-label="GPU memory plan">
      <summary>
        <span className="memory-plan-title">GPU memory plan</span>{' '}
        <span className={plan && !plan.fits ? 'error-text' : 'muted'}>
          {names.join(' + ')} {verdict}
        </span>
      </summary>
      <div className="memory-plan-body">
        {automatic && <p className="muted">These two share a GPU. Tick profiles in the Plan column to check others.</p>}
        {error && <p role="alert" className="error-text">The memory plan could not be made: {error}</p>}
        {plan && <PlanBody plan={plan} runningIds={runningIds} onApply={onApply} />}
        <button type="button" className="small" onClick={recheck} disabled={loading} aria-label="Check the memory plan again">
          {loading ? 'Checking…' : 'Check again'}
        </button>
      </div>
    </details>
  );
}

function PlanBody({ plan, runningIds, onApply }: { plan: MemoryPlan; runningIds: ReadonlySet<string>; onApply: MemoryPlanPanelProps['onApply'] }) {
  return (
    <>
      {!plan.checked && (
        <p className="plan-verdict plan-unchecked" role="status">
          nvidia-smi was not available, so GPU memory could not be checked. Launching is still allowed.
        </p>
      )}
      {plan.checked && (
        <p className={`plan-verdict ${plan.fits ? 'plan-fits' : 'plan-overflow'}`} role="status">
          {plan.fits ? '✓ These servers fit together.' : '✕ These servers do not fit together as configured.'}
        </p>
      )}
      {plan.gpus.length > 0 && (
        <table className="plan-table">
          <caption className="visually-hidden">Memory per GPU</caption>
          <thead>
            <tr>
              <th scope="col">GPU</th>
              <th scope="col">Total</th>
              <th scope="col">Used by others</th>
              <th scope="col">Requested</th>
              <th scope="col">Fits</th>
            </tr>
          </thead>
          <tbody>
            {plan.gpus.map((gpu) => (
              <GpuRow key={gpu.index} gpu={gpu} />
            ))}
          </tbody>
        </table>
      )}
      {plan.messages.length > 0 && (
        <ul className="plan-messages">
          {plan.messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <ul className="plan-servers plain-list">
        {plan.servers.map((server) => (
          <ServerLine key={server.profileId} server={server} running={runningIds.has(server.profileId)} onApply={onApply} />
        ))}
      </ul>
    </>
  );
}

function GpuRow({ gpu }: { gpu: GpuBudget }) {
  const others = gpu.totalMiB > 0 ? Math.min(100, (gpu.usedByOthersMiB / gpu.totalMiB) * 100) : 0;
  const requested = gpu.totalMiB > 0 ? Math.min(100 - others, (gpu.requestedMiB / gpu.totalMiB) * 100) : 0;
  return (
    <tr>
      <th scope="row">
        GPU {gpu.index} · {gpu.name}
        {/* Drawn through the CSSOM (React's style prop), which the CSP allows. */}
        <div className="plan-bar" aria-hidden="true">
          <span className="plan-bar-others" style={{ width: `${others}%` }} />
          <span className={`plan-bar-requested${gpu.fits ? '' : ' over'}`} style={{ width: `${requested}%` }} />
        </div>
      </th>
      <td>{formatMiB(gpu.totalMiB)}</td>
      <td>{formatMiB(gpu.usedByOthersMiB)}</td>
      <td>{formatMiB(gpu.requestedMiB)}</td>
      <td className={gpu.fits ? 'ok-text' : 'error-text'}>{gpu.fits ? '✓ fits' : '✕ does not fit'}</td>
    </tr>
  );
}

function ServerLine({ server, running, onApply }: { server: PlannedServer; running: boolean; onApply: MemoryPlanPanelProps['onApply'] }) {
  const suggested = server.suggestedUtilization;
  const differs = suggested !== null && Math.abs(suggested - server.requestedUtilization) >= 0.005;
  const needs = server.estimate.totalBytes;
  const [applyError, setApplyError] = useState<string | null>(null);
  const apply = (utilization: number) => {
    setApplyError(null);
    onApply(server.profileId, utilization).catch((error: unknown) => setApplyError(errorMessage(error)));
  };
  return (
    <li className="plan-server">
      <strong>{server.name}</strong>: utilization {formatUtilization(server.requestedUtilization)}
      {needs !== null && <span className="muted"> · needs about {formatBytes(needs)}</span>}
      {differs && (
        <>
          {' '}
          · suggested <strong>{formatUtilization(suggested)}</strong>{' '}
          <button type="button" className="small" aria-label={`Apply utilization ${formatUtilization(suggested)} to ${server.name}`} onClick={() => apply(suggested)}>
            Apply
          </button>
          {running && <span className="muted"> (takes effect at its next launch)</span>}
        </>
      )}
      {applyError && (
        <span role="alert" className="error-text">
          {' '}
          Not applied: {applyError}
        </span>
      )}
      {server.estimate.notes.length > 0 && (
        <details className="plan-notes">
          <summary>How this was estimated</summary>
          <ul>
            {server.estimate.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
