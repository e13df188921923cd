import { memo, useLayoutEffect, useRef } from 'react';
import type { SamplingParams } from '../../../../electron/shared/compare';
import { SAMPLING_FIELDS, SAMPLING_LIMITS } from '../../../../electron/shared/sampling-limits';
import { SIDES, type Side } from '../../../../electron/shared/sides';
import { AnswerPane } from './AnswerPane';
import type { TurnView } from './conversation-state';
import { formatValue } from './sampling-form';
import { SEND_KEYS } from './PromptBox';

interface ConversationThreadProps {
  turns: TurnView[];
  /** In a rating session the sides are A and B, and equal reveal may hold the timings. */
  session: { equalReveal: boolean } | null;
  /** Cancels one side of the last turn. */
  onCancelSide(side: Side): void;
}

/**
 * The conversation, oldest turn first: each turn's prompt once across both columns, each side's answer below
 * it in its own column.
 */
export function ConversationThread({ turns, session, onCancelSide }: ConversationThreadProps) {
  const box = useRef<HTMLDivElement>(null);
  // The newest turn fills the thread's height and streams inside its panes, so the thread moves only when a turn
  // is added: then to its end, even if it was scrolled up to an earlier turn (the prompt just sent is shown).
  useLayoutEffect(() => {
    const thread = box.current;
    if (thread && turns.length > 0) thread.scrollTop = thread.scrollHeight;
  }, [turns.length]);
  return (
    <div ref={box} className="thread" role="region" aria-label="Conversation">
      {turns.length === 0 ? (
        <p className="thread-empty">Type a prompt below and press {SEND_KEYS}: both models get it at the same moment, and their answers stream here side by side.</p>
      ) : (
        turns.map((turn, index) => <TurnRow key={turn.comparisonId} turn={turn} inSession={session !== null} equalReveal={session?.equalReveal ?? false} latest={index === turns.length - 1} onCancelSide={onCancelSide} />)
      )}
    </div>
  );
}

const TITLES = { open: { left: 'Left', right: 'Right' }, session: { left: 'A', right: 'B' } } as const;

interface TurnRowProps {
  turn: TurnView;
  inSession: boolean;
  equalReveal: boolean;
  latest: boolean;
  onCancelSide(side: Side): void;
}

const TurnRow = memo(function TurnRow({ turn, inSession, equalReveal, latest, onCancelSide }: TurnRowProps) {
  const { accepted } = turn;
  const titles = TITLES[inSession ? 'session' : 'open'];
  return (
    <div className={latest ? 'turn turn-latest' : 'turn'}>
      <TurnPrompt turn={turn.turn} attempt={turn.attempt} userMessage={turn.userMessage} sampling={turn.sampling} />
      {SIDES.map((side) => (
        <AnswerPane
          key={side}
          side={side}
          title={titles[side]}
          modelName={turn.reveal?.sides[side].name ?? null}
          timingsHidden={equalReveal && turn.reveal === null}
          turn={turn.turn}
          view={turn.sides[side]}
          sentAt={turn.sentAt}
          accepted={accepted}
          onCancel={latest ? onCancelSide : undefined}
        />
      ))}
    </div>
  );
});

/** The prompt, once across both columns: it does not change while the answers below it stream. */
const TurnPrompt = memo(function TurnPrompt({ turn, attempt, userMessage, sampling }: { turn: number; attempt: number; userMessage: string; sampling: SamplingParams }) {
  return (
    <div className="turn-user" role="group" aria-label={`Your message, turn ${turn}`}>
      <div className="turn-label">
        You · turn {turn}
        {attempt > 1 && <span className="turn-attempt"> · regenerated{attempt > 2 ? ` ${attempt - 1} times` : ''}</span>}
      </div>
      <div className="turn-user-text">{userMessage}</div>
      <p className="turn-sampling">{describeSampling(sampling)}</p>
    </div>
  );
});

function describeSampling(sampling: SamplingParams): string {
  return SAMPLING_FIELDS.map((field) => `${SAMPLING_LIMITS[field].label.toLowerCase()} ${formatValue(field, sampling[field])}`).join(' · ');
}
