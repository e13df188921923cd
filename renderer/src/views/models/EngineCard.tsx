import type { EngineStatus } from '../../../../electron/shared/engine';
import type { ModelProfile } from '../../../../electron/shared/profiles';
import { DiagnosisBox } from './DiagnosisBox';
import { LaunchProblem } from './LaunchProblem';
import { LogPanel } from './LogPanel';
import { ReadyFacts } from './ReadyFacts';
import { StartupProgress } from './StartupProgress';
import { StateBadge } from './StateBadge';
import type { ActionProblem } from './use-engine-actions';
import { useNow } from './use-now';
import { formatDateTime } from './format';

interface EngineCardProps {
  profile: ModelProfile;
  status: EngineStatus;
  problem: ActionProblem | undefined;
  onLaunchAnyway(): void;
  onDismissProblem(): void;
  onHide(): void;
}

/** One server in detail: where it is in its life (progress, facts or diagnosis) and its live log. */
export function EngineCard({ profile, status, problem, onLaunchAnyway, onDismissProblem, onHide }: EngineCardProps) {
  // The clock ticks only while something on this card counts: startup time or a restart countdown.
  const now = useNow(status.state === 'starting' || status.nextRestartAt !== null);
  return (
    <section className={`engine-card engine-${status.state}`} aria-label={`${profile.name} server`}>
      <header className="engine-card-header">
        <h2>{profile.name}</h2>
        <StateBadge state={status.state} />
        <span className="muted engine-card-source">{profile.engine === 'vllm' ? profile.source : profile.baseUrl}</span>
        <button type="button" className="small quiet" aria-label={`Hide details of ${profile.name}`} onClick={onHide}>
          Hide
        </button>
      </header>
      {problem && <LaunchProblem problem={problem} name={profile.name} onLaunchAnyway={onLaunchAnyway} onDismiss={onDismissProblem} />}
      {status.state === 'starting' && <StartupProgress status={status} name={profile.name} now={now} />}
      {status.state === 'ready' && <ReadyFacts status={status} />}
      {status.state === 'stopping' && <p className="muted">Stopping: waiting for the server and its engine processes to exit…</p>}
      {(status.state === 'crashed' || status.state === 'failed') && <DiagnosisBox status={status} now={now} />}
      {status.state === 'stopped' && status.lastExit && (
        <p className="muted">
          Stopped at {formatDateTime(status.lastExit.at)}
          {status.lastExit.signal ? ` (signal ${status.lastExit.signal})` : status.lastExit.code !== null ? ` (exit code ${status.lastExit.code})` : ''}.
        </p>
      )}
      <LogPanel profileId={profile.id} name={profile.name} state={status.state} />
    </section>
  );
}
