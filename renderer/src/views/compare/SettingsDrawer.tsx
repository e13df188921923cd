import { memo, useId } from 'react';
import { SAMPLING_FIELDS, SAMPLING_LIMITS, type SamplingField } from '../../../../electron/shared/sampling-limits';
import type { Column } from './sampling-form';
import type { SamplingDraftState } from './use-sampling-draft';

interface SettingsDrawerProps {
  id: string;
  systemPrompt: string;
  /** The conversation on screen was started with another system prompt: the next prompt starts a new one. */
  systemPromptChanged: boolean;
  onSystemPrompt(text: string): void;
  sampling: SamplingDraftState;
}

const COLUMNS: { column: Column; title: string; prefix: string }[] = [
  { column: 'both', title: 'Both sides', prefix: '' },
  { column: 'left', title: 'Left only', prefix: 'Left ' },
  { column: 'right', title: 'Right only', prefix: 'Right ' },
];

/**
 * The system prompt and the sampling of the next turn: shared values (from Settings until edited) and, per
 * side, overrides; an override is always shown next to that side's answer, so an unequal pair is never hidden.
 */
export const SettingsDrawer = memo(function SettingsDrawer({ id, systemPrompt, systemPromptChanged, onSystemPrompt, sampling }: SettingsDrawerProps) {
  const systemId = useId();
  return (
    <section id={id} className="settings-drawer" aria-label="Conversation settings">
      <div className="system-prompt">
        <label htmlFor={systemId}>System prompt</label>
        <textarea id={systemId} rows={3} value={systemPrompt} placeholder="None" onChange={(event) => onSystemPrompt(event.target.value)} />
        <p className={systemPromptChanged ? 'drawer-hint warning-note' : 'drawer-hint'}>
          {systemPromptChanged
            ? 'Changed: your next prompt starts a new conversation with this system prompt.'
            : 'Applies to the whole conversation; changing it starts a new conversation.'}
        </p>
      </div>
      <div className="sampling">
        <table className="sampling-table">
          <caption>Sampling for the next turn</caption>
          <thead>
            <tr>
              <td />
              {COLUMNS.map(({ column, title }) => (
                <th key={column} scope="col">
                  {title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SAMPLING_FIELDS.map((field) => (
              <tr key={field}>
                <th scope="row">{SAMPLING_LIMITS[field].label}</th>
                {COLUMNS.map(({ column, prefix }) => (
                  <td key={column}>
                    <SamplingInput field={field} column={column} label={prefix ? `${prefix}${SAMPLING_LIMITS[field].label.toLowerCase()}` : `${SAMPLING_LIMITS[field].label} for both sides`} sampling={sampling} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="drawer-hint">
          Empty side fields mean “same as both”. Changes apply from the next prompt; the conversation goes on.{' '}
          <button type="button" className="link-button" disabled={!sampling.edited} onClick={sampling.reset}>
            Reset to the defaults from Settings
          </button>
        </p>
      </div>
    </section>
  );
});

function SamplingInput({ field, column, label, sampling }: { field: SamplingField; column: Column; label: string; sampling: SamplingDraftState }) {
  const errorId = useId();
  const error = sampling.parsed.errors[`${column}.${field}`];
  const placeholder = column !== 'both' ? 'same' : SAMPLING_LIMITS[field].nullable ? 'none' : '';
  return (
    <>
      <input
        aria-label={label}
        inputMode={SAMPLING_LIMITS[field].integer ? 'numeric' : 'decimal'}
        value={sampling.draft[column][field]}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={column !== 'both' && sampling.draft[column][field].trim() ? 'overridden' : undefined}
        onChange={(event) => sampling.set(column, field, event.target.value)}
      />
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
