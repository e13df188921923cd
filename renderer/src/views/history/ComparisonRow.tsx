import { memo } from 'react';
import type { HistoryItem, HistorySide, Side } from '../../../../electron/shared/sessions';
import { SIDES } from '../../../../electron/shared/sides';
import { formatWhen, msOrDash, outcomeNote, rateOrDash, SIDE_LETTERS, sideModelName, tokensOrDash, verdictLabel, winnerName } from './history-format';

/** One comparison in the list: its prompt, its verdict, and both answers' starts with their timings. */
export const ComparisonRow = memo(function ComparisonRow({ item }: { item: HistoryItem }) {
  const winner = winnerName(item);
  return (
    <div className="comparison-row">
      <div className="row-head">
        <span className={`verdict-badge verdict-${item.verdict ?? 'none'}`}>{verdictLabel(item.verdict)}</span>
        {winner !== null && <span className="row-winner">Winner: {winner}</span>}
        {item.category !== '' && <span className="row-category">{item.category}</span>}
        <span className="row-meta muted">
          Turn {item.turn} · {formatWhen(item.at)}
        </span>
      </div>
      <p className="row-prompt">{item.userMessage}</p>
      <div className="row-sides">
        {SIDES.map((side) => (
          <SidePreview key={side} side={side} data={item.sides[side]} />
        ))}
      </div>
    </div>
  );
});

function SidePreview({ side, data }: { side: Side; data: HistorySide }) {
  const note = outcomeNote(data.outcome);
  return (
    <div className="row-side">
      <div className="row-side-head">
        <span className="side-letter">{SIDE_LETTERS[side]}</span>
        <span className={data.model ? 'side-model' : 'side-model muted'}>{sideModelName(data)}</span>
        {note && <span className="side-outcome">{note}</span>}
      </div>
      <p className="row-preview">{data.preview}</p>
      <RowTimings data={data} />
    </div>
  );
}

function RowTimings({ data }: { data: HistorySide }) {
  const timings: [string, string][] = [
    ['TTFT', msOrDash(data.ttftMs)],
    ['Decode', rateOrDash(data.decodeTokensPerS)],
    ['E2E', msOrDash(data.e2eMs)],
    ['Output', tokensOrDash(data.outputTokens)],
  ];
  return (
    <dl className="row-timings">
      {timings.map(([label, value]) => (
        <div key={label} className="row-timing">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Where a page of rows has not arrived yet: the same height as a row, roughly, so the scroll bar does not jump. */
export function PlaceholderRow() {
  return (
    <div className="comparison-row placeholder" aria-busy="true">
      <span className="muted">Loading…</span>
    </div>
  );
}
