import { useEffect, useRef, useState } from 'react';
import type { EngineState, LogLine } from '../../../../electron/shared/engine';
import { useApi } from '../../api/api-context';
import { appendLines, EMPTY_LOG, LOG_CAP, type LogLines } from './log-lines';
import { errorMessage } from './format';

export interface LogTail extends LogLines {
  logFile: string | null;
  loading: boolean;
  error: string | null;
}

/**
 * One server's live log: the tail from `engines.logs`, then lines from `engines.log` events, applied at most
 * once per animation frame however many batches arrive. Events heard before the tail replied are held back
 * and applied after it, so lines stay in order. On each state change the tail is asked again from the last
 * line held: that fills any gap and learns the log file's path (known from the first launch on).
 */
export function useLogTail(profileId: string, state: EngineState): LogTail {
  const api = useApi();
  const [log, setLog] = useState<LogLines>(EMPTY_LOG);
  const [logFile, setLogFile] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const lastSeq = useRef(0);
  const loaded = useRef(false);
  useEffect(() => {
    lastSeq.current = log.lines.at(-1)?.seq ?? lastSeq.current;
  }, [log]);

  useEffect(() => {
    let cancelled = false;
    let held: LogLine[] = [];
    let frame = 0;
    loaded.current = false;
    lastSeq.current = 0;
    setLog(EMPTY_LOG);
    setLoading(true);
    const flush = () => {
      frame = 0;
      const batch = held;
      held = [];
      setLog((current) => appendLines(current, batch));
    };
    const off = api.on('engines.log', (event) => {
      if (event.profileId !== profileId) return;
      held = held.concat(event.lines);
      // A hidden window gets no frames: keep only what the panel could show anyway.
      if (held.length > LOG_CAP) held = held.slice(-LOG_CAP);
      if (loaded.current && frame === 0) frame = requestAnimationFrame(flush);
    });
    api['engines.logs']({ profileId, limit: LOG_CAP }).then(
      (reply) => {
        if (cancelled) return;
        loaded.current = true;
        setLogFile(reply.logFile);
        setLoading(false);
        setLog((current) => appendLines(appendLines(current, reply.lines), held));
        held = [];
      },
      (failure: unknown) => {
        if (cancelled) return;
        setError(errorMessage(failure));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
      off();
      cancelAnimationFrame(frame);
    };
  }, [api, profileId]);

  useEffect(() => {
    if (!loaded.current) return;
    let cancelled = false;
    api['engines.logs']({ profileId, afterSeq: lastSeq.current }).then(
      (reply) => {
        if (cancelled) return;
        setLogFile(reply.logFile);
        setLog((current) => appendLines(current, reply.lines));
      },
      () => {}, // the live events still flow; the next state change asks again
    );
    return () => {
      cancelled = true;
    };
  }, [api, profileId, state]);

  return { ...log, logFile, loading, error };
}
