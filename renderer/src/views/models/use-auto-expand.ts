import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { EngineState } from '../../../../electron/shared/engine';
import type { StatusMap } from './use-engines';

/** Moves worth showing; `stopping` and `ready` follow a launch or stop the person started themselves. */
const OPENING = new Set<EngineState>(['starting', 'crashed', 'failed']);

/**
 * Which servers show their detail card. A server that starts or crashes opens its card by itself (a launch, a
 * crash, an automatic restart), as does one already running when the view opens: the person should see it happen. Closing is up to them.
 */
export function useAutoExpand(statuses: StatusMap): { expanded: ReadonlySet<string>; setExpanded: Dispatch<SetStateAction<ReadonlySet<string>>> } {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const seen = useRef(new Map<string, EngineState>());

  useEffect(() => {
    const opened: string[] = [];
    for (const [id, status] of statuses) {
      const before = seen.current.get(id);
      const firstSeenRunning = before === undefined && status.state !== 'stopped';
      if (firstSeenRunning || (before !== status.state && OPENING.has(status.state))) opened.push(id);
      seen.current.set(id, status.state);
    }
    if (opened.length > 0) setExpanded((current) => new Set([...current, ...opened]));
  }, [statuses]);

  return { expanded, setExpanded };
}
