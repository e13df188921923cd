import { memo } from 'react';
import type { Side } from '../../../../electron/shared/sides';
import { STATE_LABELS } from '../models/labels';
import type { ModelChoice } from './use-model-choice';

interface ModelPickerProps {
  choice: ModelChoice;
  /** While a turn runs the pair cannot change. */
  disabled: boolean;
  /** Each side's own sampling for the next turn ("temperature 1.2"), shown under its model. */
  overrides: Record<Side, string | null>;
  onChoose(side: Side, profileId: string): void;
  onSwap(): void;
}

/**
 * The two models, left and right as the person chooses. The only place in the view that names them: the panes
 * below never get a model's name, so blind mode can hide it by changing this header alone.
 */
export const ModelPicker = memo(function ModelPicker({ choice, disabled, overrides, onChoose, onSwap }: ModelPickerProps) {
  return (
    <div className="model-picker" role="group" aria-label="Models to compare">
      <SideSelect side="left" choice={choice} disabled={disabled} override={overrides.left} onChoose={onChoose} />
      <button type="button" className="swap-sides" disabled={disabled || !choice.chosen.left || !choice.chosen.right} onClick={onSwap} aria-label="Swap sides" title="Swap the two models between left and right">
        ⇄
      </button>
      <SideSelect side="right" choice={choice} disabled={disabled} override={overrides.right} onChoose={onChoose} />
    </div>
  );
});

function SideSelect({ side, choice, disabled, override, onChoose }: { side: Side; choice: ModelChoice; disabled: boolean; override: string | null; onChoose(side: Side, id: string): void }) {
  const label = side === 'left' ? 'Left model' : 'Right model';
  const value = choice.chosen[side];
  const picked = choice.options?.find((option) => option.profileId === value);
  return (
    <div className={`side-select side-select-${side}`}>
      <label>
        <span className="side-select-label">{label}</span>
        <select value={value ?? ''} disabled={disabled || !choice.options} onChange={(event) => onChoose(side, event.target.value)}>
          {value === null && (
            <option value="" disabled>
              {choice.options === null ? 'Loading…' : 'No ready model'}
            </option>
          )}
          {choice.options?.map((option) => (
            <option key={option.profileId} value={option.profileId} disabled={option.state !== 'ready'}>
              {option.state === 'ready' ? option.name : `${option.name} — ${STATE_LABELS[option.state].toLowerCase()}`}
            </option>
          ))}
        </select>
      </label>
      {picked && picked.state !== 'ready' && (
        <span className="side-select-warning" role="status">
          {picked.name} is {STATE_LABELS[picked.state].toLowerCase()}: pick a ready model or launch it in Models.
        </span>
      )}
      {override && <span className="override-note">Own sampling for this side: {override}</span>}
    </div>
  );
}
