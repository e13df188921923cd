// The renderer's copy of one server's log: ordered by seq, without duplicates, capped.
import type { LogLine } from '../../../../electron/shared/engine';

/** As many lines as the service's ring keeps: the panel can show everything the service still has. */
export const LOG_CAP = 5000;

export interface LogLines {
  lines: readonly LogLine[];
  /** Lines dropped from the front so far (lets a scrolled-up view stay on the same line). */
  dropped: number;
}

export const EMPTY_LOG: LogLines = { lines: [], dropped: 0 };

/**
 * Appends lines newer than the last one held. Returns the same object when nothing is new, so React skips
 * the render. The array is replaced, not mutated: rows already rendered keep their identity.
 */
export function appendLines(log: LogLines, incoming: readonly LogLine[], cap = LOG_CAP): LogLines {
  const lastSeq = log.lines.at(-1)?.seq ?? 0;
  const fresh = incoming.filter((line) => line.seq > lastSeq);
  if (fresh.length === 0) return log;
  const joined = log.lines.concat(fresh);
  const excess = Math.max(0, joined.length - cap);
  return { lines: excess > 0 ? joined.slice(excess) : joined, dropped: log.dropped + excess };
}

/** Case-insensitive match, as the service's search does. */
export function lineMatches(line: LogLine, needle: string): boolean {
  return line.text.toLowerCase().includes(needle.toLowerCase());
}

/** Local matches plus the service's (which may include lines this copy never held), in seq order. */
export function mergeMatches(local: readonly LogLine[], remote: readonly LogLine[]): LogLine[] {
  const bySeq = new Map<number, LogLine>();
  for (const line of remote) bySeq.set(line.seq, line);
  for (const line of local) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** How a line is styled: vLLM's own severity, read from its text, on top of the stream it came from. */
export function severityOf(text: string): 'error' | 'warning' | null {
  // vLLM prefixes lines with "(APIServer pid=N)" or "(EngineCore_DP0 pid=N)": match anywhere, not at the start.
  if (/\bERROR\b|Traceback \(most recent call last\)|\b\w*(Error|Exception): /.test(text)) return 'error';
  if (/\bWARNING\b/.test(text)) return 'warning';
  return null;
}
