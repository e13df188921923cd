import type { EngineStatus } from '../../../../electron/shared/engine';

/** Why a server stopped on its own, and above all what to do about it. */
export function DiagnosisBox({ status, now }: { status: EngineStatus; now: number }) {
  const { diagnosis, lastExit } = status;
  const restartIn = status.nextRestartAt === null ? null : Math.max(0, Math.ceil((status.nextRestartAt - now) / 1000));
  return (
    <div className="diagnosis" role="group" aria-label="Diagnosis">
      <p className="diagnosis-summary">
        {diagnosis?.summary ?? (status.state === 'failed' ? 'The server kept crashing.' : 'The server stopped on its own.')}
      </p>
      {diagnosis && (
        <p className="diagnosis-advice">
          <span className="diagnosis-advice-label">What to do: </span>
          {diagnosis.advice}
        </p>
      )}
      {diagnosis?.evidence && (
        <figure className="diagnosis-evidence">
          <figcaption>From the log</figcaption>
          <pre className="mono">{diagnosis.evidence}</pre>
        </figure>
      )}
      <p className="diagnosis-exit">
        {lastExit ? describeExit(lastExit.code, lastExit.signal) : 'No exit status was recorded.'}
        {status.restarts > 0 && ` · ${status.restarts} ${status.restarts === 1 ? 'crash' : 'crashes'} in a row`}
        {status.state === 'failed' && ' · automatic restarts gave up'}
      </p>
      {restartIn !== null && (
        <p className="diagnosis-restart" role="status">
          Restarting in {restartIn} s
        </p>
      )}
    </div>
  );
}

function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `Ended by signal ${signal}`;
  if (code !== null) return `Exit code ${code}`;
  return 'Did not start (no exit code)';
}
