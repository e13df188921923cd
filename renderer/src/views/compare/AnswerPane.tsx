import { memo, useRef } from 'react';
import type { SideSettings } from '../../../../electron/shared/compare';
import type { Side } from '../../../../electron/shared/sides';
import { useNow } from '../models/use-now';
import type { SideView } from './conversation-state';
import { CopyButton } from './CopyButton';
import { ReasoningFold } from './ReasoningFold';
import { describeOverrides } from './sampling-form';
import { SideError } from './SideError';
import { StreamingMarkdown } from './StreamingMarkdown';
import { TimingsBar } from './TimingsBar';
import { formatSeconds } from './timing-format';
import { useFollowBottom } from './use-follow-bottom';

interface AnswerPaneProps {
  side: Side;
  /** "Left"/"Right" outside a session, "A"/"B" in one. */
  title: string;
  /** The model's name once it may be shown (outside blind mode, or after the vote). */
  modelName: string | null;
  /** Equal reveal holds the timings until the vote. */
  timingsHidden: boolean;
  turn: number;
  view: SideView;
  /** When the turn was sent (for the waiting clock). */
  sentAt: number;
  /** The service has not accepted the turn yet (it may be waiting for a server's warm-up). */
  accepted: boolean;
  /** Present while this side can still be cancelled. */
  onCancel?: (side: Side) => void;
}

/**
 * One side's answer to one turn: streamed markdown, its reasoning apart, and under it the timings or what went
 * wrong. It never receives the model's name (blind mode depends on that): only the side.
 */
export const AnswerPane = memo(function AnswerPane({ side, title, modelName, timingsHidden, turn, view, sentAt, accepted, onCancel }: AnswerPaneProps) {
  const scrollBox = useRef<HTMLDivElement>(null);
  const runway = useRef<HTMLDivElement>(null);
  const { outcome, content, reasoning } = view;
  const streaming = outcome === null;
  useFollowBottom(scrollBox, content.length, runway);
  const overrides = overridesOf(view.settings);
  return (
    <section className={`answer answer-${side} answer-${outcome?.kind ?? 'streaming'}`} aria-label={`${title} answer, turn ${turn}`}>
      <header className="answer-header">
        <span className="answer-side">{title}</span>
        {modelName && <span className="answer-model">{modelName}</span>}
        <AnswerStatus view={view} accepted={accepted} sentAt={sentAt} />
        {onCancel && streaming && accepted && (
          <button type="button" className="small" onClick={() => onCancel(side)} aria-label={`Cancel the ${title} answer`}>
            Cancel
          </button>
        )}
        {!streaming && content && <CopyButton text={content} label={`Copy the ${title} answer`} />}
      </header>
      {overrides && <p className="override-note">Own sampling for this side: {overrides}</p>}
      {reasoning && <ReasoningFold text={reasoning} thinking={streaming && !content} />}
      <div ref={scrollBox} className="answer-scroll" tabIndex={0} role="group" aria-label={`${title} answer text`}>
        <StreamingMarkdown text={content} streaming={streaming} />
        {!streaming && !content && <p className="answer-empty">No text{outcome.kind === 'done' ? ' (the model answered with nothing).' : '.'}</p>}
        {streaming && <div ref={runway} className="answer-runway" aria-hidden="true" />}
      </div>
      {timingsHidden && view.outcome ? (
        <footer className="answer-footer">
          <p className="cancelled-note">Timings are shown after your vote (equal reveal).</p>
          {view.outcome.kind === 'error' && <SideError error={view.outcome.error} />}
        </footer>
      ) : (
        <AnswerFooter view={view} />
      )}
    </section>
  );
});

function AnswerStatus({ view, accepted, sentAt }: { view: SideView; accepted: boolean; sentAt: number }) {
  const waiting = view.outcome === null;
  const now = useNow(waiting);
  if (!waiting) {
    const words = { done: 'Done', error: 'Failed', cancelled: 'Cancelled' } as const;
    return <span className={`answer-status status-${view.outcome!.kind}`}>{words[view.outcome!.kind]}</span>;
  }
  const clock = formatSeconds(now - sentAt);
  const text = !accepted ? 'Waiting for the servers' : view.content || view.reasoning ? 'Writing' : 'Waiting for the first token';
  // Only the words are a live region: the clock ticks every second and would be read out each time.
  return (
    <span className="answer-status status-live">
      <span role="status">{text}…</span> <span aria-hidden="true">{clock}</span>
    </span>
  );
}

function AnswerFooter({ view }: { view: SideView }) {
  const { outcome } = view;
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'done':
      return (
        <footer className="answer-footer">
          <TimingsBar timings={outcome.timings} finishReason={outcome.finishReason} />
        </footer>
      );
    case 'cancelled':
      return (
        <footer className="answer-footer">
          <p className="cancelled-note">Cancelled{view.content ? ': the partial answer above is kept.' : ' before any text arrived.'}</p>
          <TimingsBar timings={outcome.timings} partial />
        </footer>
      );
    case 'error':
      return (
        <footer className="answer-footer">
          <SideError error={outcome.error} />
          <TimingsBar timings={outcome.timings} partial />
        </footer>
      );
  }
}

function overridesOf(settings: SideSettings | null): string | null {
  if (!settings || settings.overridden.length === 0) return null;
  return describeOverrides(Object.fromEntries(settings.overridden.map((field) => [field, settings.sampling[field]])));
}
