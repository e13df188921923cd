import { memo } from 'react';
import type { Side } from '../../../../../electron/shared/sides';
import { SIDE_LETTERS } from './vote-words';

interface KeyPointChecklistProps {
  side: Side;
  keyPoints: readonly string[];
  /** Positions of the points ticked as covered by this side's answer. */
  ticked: readonly number[];
  onToggle(side: Side, index: number): void;
}

/**
 * What a complete answer mentions (from the prompt set), ticked per side; the share ticked is the answer's
 * completeness, as the study measured summaries. Plain checkboxes: Tab reaches them, Space ticks, and the vote
 * keys 1–4 still work from them.
 */
export const KeyPointChecklist = memo(function KeyPointChecklist({ side, keyPoints, ticked, onToggle }: KeyPointChecklistProps) {
  const letter = SIDE_LETTERS[side];
  const share = keyPoints.length === 0 ? 0 : Math.round((100 * ticked.length) / keyPoints.length);
  return (
    <div className="key-points" role="group" aria-label={`Key points covered by ${letter}`}>
      <div className="key-points-head">
        <span className="key-points-title" aria-hidden="true">
          Key points covered by {letter}
        </span>
        <output className="key-points-share" aria-label={`Completeness of ${letter}`}>
          {share}% ({ticked.length} of {keyPoints.length})
        </output>
      </div>
      <ul>
        {keyPoints.map((point, index) => (
          <li key={index}>
            <label className="check">
              <input type="checkbox" checked={ticked.includes(index)} onChange={() => onToggle(side, index)} /> {point}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
});
