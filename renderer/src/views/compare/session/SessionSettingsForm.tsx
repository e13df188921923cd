import { useId, useState, type FormEvent } from 'react';
import { parseSamplingText, SAMPLING_FIELDS, SAMPLING_LIMITS, type SamplingField } from '../../../../../electron/shared/sampling-limits';
import type { SamplingParams } from '../../../../../electron/shared/sampling-schema';
import type { SessionView } from '../../../../../electron/shared/sessions';
import { SEED_POLICIES, type SeedPolicy } from '../../../../../electron/shared/session-values';
import { useApi } from '../../../api/api-context';
import { errorMessage } from '../../models/format';
import { textsOf } from '../sampling-form';

interface SessionSettingsFormProps {
  session: SessionView;
  onSaved(session: SessionView): void;
  onCancel(): void;
}

/**
 * The session's system prompt, sampling, seeds and score dimensions; a change is recorded in the session and
 * applies from the next comparison. Blind and equal reveal stay as the session began: its votes compare alike.
 */
export function SessionSettingsForm({ session, onSaved, onCancel }: SessionSettingsFormProps) {
  const api = useApi();
  const ids = { system: useId(), dims: useId(), seed: useId() };
  const [systemPrompt, setSystemPrompt] = useState(session.settings.systemPrompt);
  const [texts, setTexts] = useState(() => textsOf(session.settings.sampling));
  const [dimensions, setDimensions] = useState(session.settings.dimensions.join(', '));
  const [seedPolicy, setSeedPolicy] = useState<SeedPolicy>(session.settings.seedPolicy);
  const [error, setError] = useState<string | null>(null);
  const parsed = SAMPLING_FIELDS.map((field) => [field, parseSamplingText(field, texts[field])] as const);
  const fieldErrors = parsed.filter(([, result]) => 'error' in result);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (fieldErrors.length > 0) return;
    const sampling = Object.fromEntries(parsed.map(([field, result]) => [field, 'value' in result ? result.value : null])) as SamplingParams;
    const dims = dimensions.split(',').map((d) => d.trim()).filter(Boolean);
    try {
      onSaved(await api['sessions.updateSettings']({ sessionId: session.id, settings: { ...session.settings, systemPrompt, sampling, seedPolicy, dimensions: dims } }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <form className="new-session" aria-label="Session settings" onSubmit={(event) => void submit(event)}>
      <label htmlFor={ids.system}>System prompt</label>
      <textarea id={ids.system} rows={2} value={systemPrompt} placeholder="None" onChange={(event) => setSystemPrompt(event.target.value)} />
      <div className="session-sampling">
        {SAMPLING_FIELDS.map((field) => (
          <SamplingField key={field} field={field} text={texts[field]} error={fieldError(parsed, field)} onChange={(text) => setTexts((current) => ({ ...current, [field]: text }))} />
        ))}
      </div>
      <label htmlFor={ids.seed}>Seeds</label>
      <select id={ids.seed} value={seedPolicy} onChange={(event) => setSeedPolicy(event.target.value as SeedPolicy)}>
        {SEED_POLICIES.map((policy) => (
          <option key={policy} value={policy}>
            {policy === 'as-set' ? 'As set in sampling' : 'A fresh random seed per comparison'}
          </option>
        ))}
      </select>
      <label htmlFor={ids.dims}>Score dimensions (comma-separated)</label>
      <input id={ids.dims} value={dimensions} onChange={(event) => setDimensions(event.target.value)} />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={fieldErrors.length > 0}>
          Save for the next comparisons
        </button>
      </div>
    </form>
  );
}

function fieldError(parsed: (readonly [SamplingField, { value: number | null } | { error: string }])[], field: SamplingField): string | null {
  const result = parsed.find(([f]) => f === field)?.[1];
  return result && 'error' in result ? result.error : null;
}

function SamplingField({ field, text, error, onChange }: { field: SamplingField; text: string; error: string | null; onChange(text: string): void }) {
  const id = useId();
  return (
    <span className="session-sampling-field">
      <label htmlFor={id}>{SAMPLING_LIMITS[field].label}</label>
      <input id={id} value={text} aria-invalid={error ? true : undefined} placeholder={SAMPLING_LIMITS[field].nullable ? 'none' : ''} onChange={(event) => onChange(event.target.value)} />
      {error && <span className="field-error">{error}</span>}
    </span>
  );
}
