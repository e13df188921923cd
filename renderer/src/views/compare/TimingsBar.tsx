import type { ReactNode } from 'react';
import type { SideTimings } from '../../../../electron/shared/compare';
import { formatGapMs, formatMs, formatRate, formatTokens } from './timing-format';

interface TimingsBarProps {
  timings: SideTimings;
  /** Shown when it says something: "length" means the answer was cut at max tokens. */
  finishReason?: string | null;
  /** The side did not finish (cancelled or failed): what was measured until then. */
  partial?: boolean;
}

/**
 * A side's timings, measured in Pairwise's main process with vLLM's benchmark definitions. The headline line
 * holds what a reader feels (first token, speed, total); the second line the distribution behind the speed.
 */
export function TimingsBar({ timings: t, finishReason = null, partial = false }: TimingsBarProps) {
  const headline: ReactNode[] = [];
  if (t.ttftMs !== null) {
    headline.push(
      <Metric key="ttft" label="TTFT" title="Time to first token: from sending the request to the first streamed token">
        {formatMs(t.ttftMs)}
        {t.serverTtftMs !== null && <span className="metric-aside" title="The server's own TTFT for this request, from its /metrics"> (server: {formatMs(t.serverTtftMs)})</span>}
      </Metric>,
    );
  }
  if (t.decodeTokensPerS !== null) headline.push(<Metric key="rate" label="decode" title="Output tokens per second after the first token">{formatRate(t.decodeTokensPerS)}</Metric>);
  if (t.e2eMs !== null) headline.push(<Metric key="total" label="total" title="End to end: from sending the request to the last token">{formatMs(t.e2eMs)}</Metric>);
  if (t.outputTokens !== null) {
    headline.push(
      <Metric key="tokens" label="output" title="Tokens generated, as the server counted them">
        {formatTokens(t.outputTokens)}
        {t.promptTokens !== null && <span className="metric-aside"> (prompt {formatTokens(t.promptTokens)})</span>}
      </Metric>,
    );
  }
  const details: string[] = [];
  if (t.itlP50Ms !== null) details.push(`ITL p50 ${formatGapMs(t.itlP50Ms)}`);
  if (t.itlP95Ms !== null) details.push(`ITL p95 ${formatGapMs(t.itlP95Ms)}`);
  if (t.tpotMs !== null) details.push(`TPOT ${formatGapMs(t.tpotMs)}`);
  if (t.firstContentMs !== null && t.ttftMs !== null && t.firstContentMs - t.ttftMs >= 1) details.push(`first text at ${formatMs(t.firstContentMs)}`);

  if (headline.length === 0 && details.length === 0 && !finishReason) return null;
  return (
    <div className={partial ? 'timings timings-partial' : 'timings'} role="group" aria-label={partial ? 'Timings until it stopped' : 'Timings'}>
      {finishReason === 'length' && <p className="finish-note">Stopped at max tokens: the answer was cut short.</p>}
      {finishReason && finishReason !== 'length' && finishReason !== 'stop' && <p className="finish-note">Finish reason: {finishReason}</p>}
      {headline.length > 0 && (
        <p className="timings-line">
          {partial && <span className="metric-label">Until it stopped: </span>}
          {headline}
        </p>
      )}
      {details.length > 0 && (
        <p className="timings-details" title="ITL: gaps between streamed chunks · TPOT: (total − TTFT) / (output tokens − 1)">
          {details.join(' · ')}
        </p>
      )}
    </div>
  );
}

function Metric({ label, title, children }: { label: string; title: string; children: ReactNode }) {
  return (
    <span className="metric" title={title}>
      <span className="metric-label">{label}</span> <span className="metric-value">{children}</span>
    </span>
  );
}
