import type { EngineStatus } from '../../../../electron/shared/engine';
import { formatElapsed } from './format';
import { STAGE_LABELS } from './labels';

/** While starting: how far (a bar, indeterminate when unknown), which stage, and for how long. */
export function StartupProgress({ status, name, now }: { status: EngineStatus; name: string; now: number }) {
  const stage = status.stage ? STAGE_LABELS[status.stage] : 'Starting';
  const detail = status.stageDetail && status.stageDetail !== stage ? status.stageDetail : null;
  const percent = status.progress === null ? null : Math.round(status.progress * 100);
  return (
    <div className="startup">
      <div className="startup-line">
        <span className="startup-stage" data-testid="startup-stage">
          {stage}
        </span>
        {detail && <span className="startup-detail">{detail}</span>}
        <span className="startup-elapsed" title="Time since launch">
          {status.startedAt ? formatElapsed(now - status.startedAt) : ''}
        </span>
      </div>
      {/* Without a value a <progress> is indeterminate: the honest display when progress cannot be estimated. */}
      <progress
        className="startup-bar"
        aria-label={`Startup progress of ${name}`}
        aria-valuetext={percent === null ? stage : `${percent}% — ${stage}`}
        {...(status.progress === null ? {} : { value: status.progress, max: 1 })}
      />
    </div>
  );
}
