import type { EngineStatus } from '../../../../electron/shared/engine';
import { formatClock, formatCount, formatDuration } from './format';

/** What a ready server is and where: the facts someone would otherwise dig out of the log. */
export function ReadyFacts({ status }: { status: EngineStatus }) {
  const took = status.readyAt && status.startedAt ? status.readyAt - status.startedAt : null;
  return (
    <dl className="engine-facts">
      {status.baseUrl && (
        <>
          <dt>Address</dt>
          <dd className="mono">{status.baseUrl}</dd>
        </>
      )}
      {status.port !== null && (
        <>
          <dt>Port</dt>
          <dd>{status.port}</dd>
        </>
      )}
      {status.pid !== null && (
        <>
          <dt>Process group</dt>
          <dd>{status.pid}</dd>
        </>
      )}
      <dt>vLLM</dt>
      <dd>{status.vllmVersion ?? 'version not reported'}</dd>
      <dt>Max model len</dt>
      <dd>{status.maxModelLen === null ? 'not reported' : `${formatCount(status.maxModelLen)} tokens`}</dd>
      {took !== null && (
        <>
          <dt>Ready in</dt>
          <dd>
            {formatDuration(took)} <span className="muted">(since {formatClock(status.readyAt!)})</span>
          </dd>
        </>
      )}
    </dl>
  );
}
