import { useState } from 'react';
import type { EngineStatus } from '../../../../electron/shared/engine';
import type { ModelProfile } from '../../../../electron/shared/profiles';
import { formatUtilization } from './format';
import { StateBadge } from './StateBadge';

export interface ProfileRowProps {
  profile: ModelProfile;
  status: EngineStatus;
  busy: boolean;
  inPlan: boolean;
  expanded: boolean;
  onTogglePlan(): void;
  onToggleDetails(): void;
  onLaunch(): void;
  onStop(): void;
  onRestart(): void;
  onEdit(): void;
  /** Resolves with the service's refusal message, or null when deleted. */
  onDelete(): Promise<string | null>;
}

export function ProfileRow(props: ProfileRowProps) {
  const { profile, status, busy, inPlan, expanded } = props;
  const name = profile.name;
  return (
    <tr data-profile-id={profile.id}>
      <td className="col-check">
        {profile.engine === 'vllm' && (
          <input type="checkbox" checked={inPlan} aria-label={`Include ${name} in the memory plan`} onChange={props.onTogglePlan} />
        )}
      </td>
      <th scope="row" className="col-name">
        {name}
      </th>
      <td className="col-source mono">{profile.engine === 'vllm' ? profile.source : profile.baseUrl}</td>
      <td>{profile.engine === 'vllm' ? 'vLLM' : 'Endpoint'}</td>
      <td>{gpuSummary(profile)}</td>
      <td>
        <StateBadge state={status.state} />
      </td>
      <td className="col-actions">
        <div className="button-row">
          <LifecycleButtons {...props} />
          <button type="button" className="small quiet" aria-expanded={expanded} aria-label={`${expanded ? 'Hide' : 'Show'} details of ${name}`} onClick={props.onToggleDetails}>
            {expanded ? 'Hide details' : 'Details'}
          </button>
          <button type="button" className="small quiet" aria-label={`Edit ${name}`} onClick={props.onEdit}>
            Edit
          </button>
          <DeleteButton name={name} disabled={busy} onDelete={props.onDelete} />
        </div>
      </td>
    </tr>
  );
}

/** The buttons that move a server through its life; which ones depends on where it is now. */
function LifecycleButtons({ profile, status, busy, onLaunch, onStop, onRestart }: ProfileRowProps) {
  const name = profile.name;
  // Nothing is launched for an endpoint: Pairwise connects to it and watches it.
  const [start, stop] = profile.engine === 'vllm' ? ['Launch', 'Stop'] : ['Connect', 'Disconnect'];
  switch (status.state) {
    case 'stopped':
      return (
        <button type="button" className="small primary" disabled={busy} aria-label={`${start} ${name}`} onClick={onLaunch}>
          {start}
        </button>
      );
    case 'starting':
    case 'ready':
      return (
        <>
          <button type="button" className="small" disabled={busy} aria-label={`${stop} ${name}`} onClick={onStop}>
            {stop}
          </button>
          <button type="button" className="small" disabled={busy} aria-label={`Restart ${name}`} onClick={onRestart}>
            Restart
          </button>
        </>
      );
    case 'stopping':
      return (
        <button type="button" className="small" disabled aria-label={`Stopping ${name}`}>
          Stopping…
        </button>
      );
    case 'crashed':
    case 'failed':
      // Stop on a crashed server clears it (and cancels a scheduled restart): it is the "acknowledge" action.
      return (
        <>
          <button type="button" className="small primary" disabled={busy} aria-label={`${start} ${name}`} onClick={onLaunch}>
            {start}
          </button>
          <button type="button" className="small" disabled={busy} aria-label={status.nextRestartAt !== null ? `Cancel the restart of ${name}` : `Clear the failure of ${name}`} onClick={onStop}>
            {status.nextRestartAt !== null ? 'Cancel restart' : 'Clear'}
          </button>
        </>
      );
  }
}

/** Delete asks first, in place; the service refuses while the server runs and that reason is shown. */
function DeleteButton({ name, disabled, onDelete }: { name: string; disabled: boolean; onDelete(): Promise<string | null> }) {
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  if (!confirming) {
    return (
      <>
        <button type="button" className="small quiet" disabled={disabled} aria-label={`Delete ${name}`} onClick={() => {
            setRefusal(null);
            setConfirming(true);
          }}>
          Delete
        </button>
        {refusal && (
          <span className="row-error" role="alert">
            {refusal}
          </span>
        )}
      </>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm deleting ${name}`} onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
      <span>Delete “{name}”?</span>
      <button
        type="button"
        className="small danger"
        autoFocus
        aria-label={`Yes, delete ${name}`}
        onClick={async () => {
          setConfirming(false);
          setRefusal(await onDelete());
        }}
      >
        Delete
      </button>
      <button type="button" className="small quiet" aria-label={`Keep ${name}`} onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

function gpuSummary(profile: ModelProfile): string {
  if (profile.engine !== 'vllm') return '—';
  const gpus = profile.gpuIndices.length === 0 ? 'all GPUs' : `GPU ${profile.gpuIndices.join(', ')}`;
  const tp = profile.tensorParallelSize > 1 ? ` · TP ${profile.tensorParallelSize}` : '';
  return `${gpus}${tp} · ${formatUtilization(profile.gpuMemoryUtilization)}`;
}
