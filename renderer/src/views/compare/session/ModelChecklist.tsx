import { MAX_SESSION_MODELS } from '../../../../../electron/shared/session-values';
import { STATE_LABELS } from '../../models/labels';
import type { ModelOption } from '../use-model-choice';

interface ModelChecklistProps {
  /** Every profile with its server's state; null while loading. */
  options: ModelOption[] | null;
  /** Profile ids in the order they were ticked: the session's models 1, 2, … */
  picked: readonly string[];
  onChange(picked: string[]): void;
}

/**
 * The models of a session, ticked in the order they are to be numbered. Profiles whose server is not running
 * can be ticked (a session may be prepared before launching), but every turn needs all of them ready.
 */
export function ModelChecklist({ options, picked, onChange }: ModelChecklistProps) {
  const full = picked.length >= MAX_SESSION_MODELS;
  const toggle = (profileId: string, ticked: boolean) => onChange(ticked ? [...picked, profileId] : picked.filter((id) => id !== profileId));
  return (
    <fieldset className="model-checklist">
      <legend>Models to compare (2 to {MAX_SESSION_MODELS}, numbered in the order you tick them)</legend>
      {options === null && <p className="drawer-hint">Loading the models…</p>}
      {options?.length === 0 && <p className="drawer-hint">No model profiles yet: add them in Models.</p>}
      <ul>
        {options?.map((option) => {
          const position = picked.indexOf(option.profileId);
          return (
            <li key={option.profileId}>
              <label className="check">
                <input type="checkbox" checked={position >= 0} disabled={position < 0 && full} onChange={(event) => toggle(option.profileId, event.target.checked)} /> {option.name}
              </label>
              {position >= 0 && <span className="model-position">model {position + 1}</span>}
              {option.state !== 'ready' && <span className="model-state">{STATE_LABELS[option.state].toLowerCase()}</span>}
            </li>
          );
        })}
      </ul>
      <p className="drawer-hint">
        With more than two models, each turn draws two of them as a balanced pair (over the session, every pair and every side comes up about equally often), and all the models must be running for a turn to be sent.
        The study suggests adding Gemma-7B and Llama3-8B next to the two Qwen models: add their profiles in Models.
      </p>
    </fieldset>
  );
}
