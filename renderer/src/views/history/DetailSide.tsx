import type { ComparisonView, RevealedModel, ServerFacts, Side } from '../../../../electron/shared/sessions';
import type { SideTimings } from '../../../../electron/shared/compare';
import { groupThousands } from '../compare/timing-format';
import { countOrDash, HIDDEN_MODEL, msOrDash, rateOrDash, SIDE_LETTERS } from './history-format';

interface DetailSideProps {
  side: Side;
  record: ComparisonView;
  /** null while the comparison is blind and not voted. */
  model: RevealedModel | null;
  facts: ServerFacts | null;
}

/** One side of a comparison in full: who answered (once revealed), the answer, its reasoning, timings and server. */
export function DetailSide({ side, record, model, facts }: DetailSideProps) {
  const data = record.sides[side];
  const outcome = data.outcome;
  return (
    <section className="detail-side" aria-label={`Answer ${SIDE_LETTERS[side]}`}>
      <h3>
        <span className="side-letter">{SIDE_LETTERS[side]}</span> {model ? model.name : <span className="muted">{HIDDEN_MODEL}</span>}
      </h3>
      {outcome.kind === 'error' && (
        <p className="side-failure">
          Failed: {outcome.error.message}
          {outcome.error.serverMessage && <span className="mono"> ({outcome.error.serverMessage})</span>}
        </p>
      )}
      {outcome.kind === 'cancelled' && <p className="side-failure">Cancelled before it finished.</p>}
      <div className="detail-answer" tabIndex={0} role="group" aria-label={`Answer ${SIDE_LETTERS[side]} text`}>
        {data.content === '' ? <span className="muted">(no text)</span> : data.content}
      </div>
      {data.reasoning !== '' && (
        <details className="detail-reasoning">
          <summary>Reasoning · {groupThousands(data.reasoning.length)} characters</summary>
          <div className="detail-answer">{data.reasoning}</div>
        </details>
      )}
      {data.settings.overridden.length > 0 && (
        <p className="override-line">Changed for this side: {data.settings.overridden.map((key) => `${key} ${String(data.settings.sampling[key])}`).join(', ')}</p>
      )}
      <TimingsTable timings={outcome.timings} />
      {model && <ServerFactsList model={model} facts={facts} />}
    </section>
  );
}

function TimingsTable({ timings }: { timings: SideTimings }) {
  const rows: [string, string][] = [
    ['TTFT', msOrDash(timings.ttftMs)],
    ['First content', msOrDash(timings.firstContentMs)],
    ['Decode', rateOrDash(timings.decodeTokensPerS)],
    ['E2E', msOrDash(timings.e2eMs)],
    ['ITL p50', msOrDash(timings.itlP50Ms)],
    ['ITL p95', msOrDash(timings.itlP95Ms)],
    ['TPOT', msOrDash(timings.tpotMs)],
    ['Output tokens', countOrDash(timings.outputTokens)],
    ['Prompt tokens', countOrDash(timings.promptTokens)],
    ['Server TTFT', msOrDash(timings.serverTtftMs)],
  ];
  return (
    <dl className="detail-facts detail-timings" aria-label="Timings">
      {rows.map(([label, value]) => (
        <div key={label} className="detail-fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What reproduces this side's answer: shown only once revealed, since every line of it names the model. */
function ServerFactsList({ model, facts }: { model: RevealedModel; facts: ServerFacts | null }) {
  const rows: [string, string][] = [
    ['Served name', model.servedName],
    ['Source', facts?.source ?? model.source],
    ['Revision', facts?.revision ?? '—'],
    ['vLLM version', facts?.vllmVersion ?? '—'],
    ['GPU', facts?.gpuName ?? '—'],
    ['Launch argv', facts?.argv ? facts.argv.join(' ') : '—'],
  ];
  return (
    <dl className="detail-facts server-facts" aria-label="Server">
      {rows.map(([label, value]) => (
        <div key={label} className="detail-fact">
          <dt>{label}</dt>
          <dd className={label === 'Launch argv' || label === 'Revision' ? 'mono' : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
