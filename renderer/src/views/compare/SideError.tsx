import type { InferenceErrorInfo, InferenceErrorKind } from '../../../../electron/shared/compare';

const KIND_TITLES: Record<InferenceErrorKind, string> = {
  'connection-refused': 'Could not reach the server',
  'connection-reset': 'The server went away mid-answer',
  'idle-timeout': 'The server stopped sending',
  'context-length': 'The conversation is too long for this model',
  'model-not-found': 'The server does not serve this model',
  unauthorized: 'The server refused the request',
  'bad-request': 'The server rejected the request',
  'server-error': 'The server failed',
  'stream-error': 'The server reported an error mid-answer',
  'malformed-stream': 'The server sent something unreadable',
  cancelled: 'Cancelled',
};

/** One side's failure, in that pane only: what happened and what to do, and the server's own words verbatim. */
export function SideError({ error }: { error: InferenceErrorInfo }) {
  return (
    <div className="side-error" role="alert">
      <p className="side-error-title">{KIND_TITLES[error.kind]}</p>
      <p className="side-error-message">{error.message}</p>
      {error.serverMessage !== null && (
        <details className="server-message">
          <summary>The server's message{error.httpStatus !== null ? ` (HTTP ${error.httpStatus})` : ''}</summary>
          <pre>{error.serverMessage}</pre>
        </details>
      )}
    </div>
  );
}
