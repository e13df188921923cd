import { useDeferredValue, useMemo, useState } from 'react';
import type { EngineState } from '../../../../electron/shared/engine';
import { lineMatches, mergeMatches } from './log-lines';
import { LogViewport } from './LogViewport';
import { useRemoteLogMatches } from './use-log-search';
import { useLogTail } from './use-log-tail';

/** A server's live log with search; follows the newest line unless the person scrolled up to read. */
export function LogPanel({ profileId, name, state }: { profileId: string; name: string; state: EngineState }) {
  const log = useLogTail(profileId, state);
  const [query, setQuery] = useState('');
  const [following, setFollowing] = useState(true);
  // Typing stays responsive while a long log is filtered.
  const needle = useDeferredValue(query.trim());
  const remote = useRemoteLogMatches(profileId, needle);

  const shown = useMemo(() => {
    if (needle === '') return log.lines;
    return mergeMatches(log.lines.filter((line) => lineMatches(line, needle)), remote);
  }, [log.lines, needle, remote]);

  return (
    <section className="log-panel" aria-label={`Log of ${name}`}>
      <div className="log-toolbar">
        <input
          type="search"
          className="log-search"
          aria-label={`Search the log of ${name}`}
          placeholder="Search the log"
          value={query}
          maxLength={200}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => event.key === 'Escape' && query !== '' && (event.stopPropagation(), setQuery(''))}
        />
        <span className="log-count" aria-live="polite">
          {needle === '' ? `${log.lines.length.toLocaleString('en-US')} lines` : `${shown.length.toLocaleString('en-US')} matching lines`}
        </span>
        {!following && (
          <button type="button" className="small" onClick={() => setFollowing(true)}>
            Jump to latest
          </button>
        )}
      </div>
      {log.error ? (
        <p role="alert" className="error-text">
          Could not read the log: {log.error}
        </p>
      ) : log.lines.length === 0 ? (
        <p className="log-empty muted">{log.loading ? 'Reading the log…' : 'No output yet. Lines appear here as soon as the server writes them.'}</p>
      ) : (
        <LogViewport
          label={`Log lines of ${name}`}
          lines={shown}
          query={needle}
          following={following}
          onFollowingChange={setFollowing}
          dropped={log.dropped}
        />
      )}
      <p className="log-file muted">
        {log.logFile ? (
          <>
            Log file: <span className="mono">{log.logFile}</span>
          </>
        ) : (
          'The log file is created at the first launch.'
        )}
      </p>
    </section>
  );
}
