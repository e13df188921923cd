import { memo, type ReactNode } from 'react';
import type { LogLine } from '../../../../electron/shared/engine';
import { severityOf } from './log-lines';

/**
 * One log line. Memoised on the line object and the query: when a batch arrives, rows already on screen are
 * not rendered again.
 */
export const LogRow = memo(function LogRow({ line, query }: { line: LogLine; query: string }) {
  const severity = severityOf(line.text);
  const classes = ['log-row', `log-${line.stream}`, severity ? `log-${severity}` : ''].join(' ');
  return (
    <div className={classes} title={`${new Date(line.at).toLocaleTimeString()} · ${line.stream}`}>
      {line.stream === 'app' && <span className="log-app-mark">Pairwise › </span>}
      {highlight(line.text, query)}
    </div>
  );
});

/** The text with every case-insensitive occurrence of the query in a <mark>. */
function highlight(text: string, query: string): ReactNode {
  if (query === '') return text || ' ';
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}
