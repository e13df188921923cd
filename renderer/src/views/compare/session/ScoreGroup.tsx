import { memo, useRef, type KeyboardEvent } from 'react';
import { SCORE_MAX, SCORE_MIN } from '../../../../../electron/shared/session-values';

interface ScoreGroupProps {
  label: string;
  value: number | null;
  onChange(value: number | null): void;
}

const SCORES = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i);

/**
 * One score, 0–5, as a radio group. From the keyboard: a digit sets it and moves on to the next score (so a
 * whole row of scores is typed as digits), arrows step, Delete clears. Its keys never reach the vote keys.
 */
export const ScoreGroup = memo(function ScoreGroup({ label, value, onChange }: ScoreGroupProps) {
  const box = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const digit = Number(event.key);
    if (/^\d$/.test(event.key) && digit >= SCORE_MIN && digit <= SCORE_MAX) {
      onChange(digit);
      focusNextGroup(box.current);
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowUp') {
      onChange(Math.min(SCORE_MAX, (value ?? SCORE_MIN - 1) + 1));
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowDown') {
      onChange(Math.max(SCORE_MIN, (value ?? SCORE_MIN + 1) - 1));
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      onChange(null);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <div ref={box} className="score-group" role="radiogroup" aria-label={label} tabIndex={0} onKeyDown={onKeyDown} data-score-group="">
      <span className="score-label" aria-hidden="true">
        {label}
      </span>
      {SCORES.map((score) => (
        <button
          key={score}
          type="button"
          role="radio"
          tabIndex={-1}
          aria-checked={value === score}
          className={value === score ? 'score chosen' : 'score'}
          onClick={() => onChange(value === score ? null : score)}
        >
          {score}
        </button>
      ))}
    </div>
  );
});

/** The next score; after the last one, the vote itself, so that 1–4 then cast it. */
function focusNextGroup(current: HTMLElement | null): void {
  const groups = [...document.querySelectorAll<HTMLElement>('[data-score-group]')];
  const next = groups[groups.indexOf(current!) + 1] ?? current?.closest<HTMLElement>('[data-vote-focus]');
  next?.focus();
}
