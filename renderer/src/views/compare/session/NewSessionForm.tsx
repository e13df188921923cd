import { useId, useState, type FormEvent } from 'react';
import type { SamplingParams } from '../../../../../electron/shared/sampling-schema';
import type { CreateSession } from '../../../../../electron/shared/sessions';
import { DEFAULT_DIMENSIONS, MAX_DIMENSIONS, SEED_POLICIES, type SeedPolicy } from '../../../../../electron/shared/session-values';

interface NewSessionFormProps {
  /** The two models picked in Compare, by profile id and name. */
  pair: { left: { id: string; name: string }; right: { id: string; name: string } } | null;
  systemPrompt: string;
  sampling: SamplingParams | null;
  error: string | null;
  onCreate(input: CreateSession): void;
  onCancel(): void;
}

const SEED_LABELS: Record<SeedPolicy, string> = {
  'as-set': 'As set in sampling (none, or one fixed seed)',
  'random-per-turn': 'A fresh random seed per comparison, the same for both, recorded',
};

/** Starts a rating session of the picked pair with Compare's system prompt and sampling. */
export function NewSessionForm({ pair, systemPrompt, sampling, error, onCreate, onCancel }: NewSessionFormProps) {
  const ids = { name: useId(), dims: useId(), seed: useId() };
  const [name, setName] = useState(() => `Session ${new Date().toLocaleString()}`);
  const [blind, setBlind] = useState(true);
  const [equalReveal, setEqualReveal] = useState(false);
  const [dimensions, setDimensions] = useState<string>(DEFAULT_DIMENSIONS.join(', '));
  const [seedPolicy, setSeedPolicy] = useState<SeedPolicy>('as-set');
  const dims = dimensions.split(',').map((d) => d.trim()).filter(Boolean);
  const problem = !pair ? 'Pick two ready models above first.' : !sampling ? 'Fix the sampling settings first.' : dims.length > MAX_DIMENSIONS ? `At most ${MAX_DIMENSIONS} score dimensions.` : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || !pair || !sampling) return;
    onCreate({ name: name.trim(), profileIds: [pair.left.id, pair.right.id], settings: { systemPrompt, sampling, seedPolicy, blind, equalReveal: blind && equalReveal, dimensions: dims } });
  };

  return (
    <form className="new-session" aria-label="New rating session" onSubmit={submit}>
      <h2>New rating session</h2>
      <p className="drawer-hint">
        {pair ? `${pair.left.name} and ${pair.right.name}, ` : ''}with the system prompt and sampling set in Compare. Every comparison and vote is saved as it happens.
      </p>
      <label htmlFor={ids.name}>Name</label>
      <input id={ids.name} value={name} onChange={(event) => setName(event.target.value)} />
      <label className="check">
        <input type="checkbox" checked={blind} onChange={(event) => setBlind(event.target.checked)} /> Blind: hide which model is on which side until I vote
      </label>
      <label className="check">
        <input type="checkbox" checked={blind && equalReveal} disabled={!blind} onChange={(event) => setEqualReveal(event.target.checked)} /> Equal reveal: show both answers only when both are complete, timings after the vote
      </label>
      <label htmlFor={ids.dims}>Score dimensions (0–5 each, comma-separated; may be empty)</label>
      <input id={ids.dims} value={dimensions} onChange={(event) => setDimensions(event.target.value)} />
      <label htmlFor={ids.seed}>Seeds</label>
      <select id={ids.seed} value={seedPolicy} onChange={(event) => setSeedPolicy(event.target.value as SeedPolicy)}>
        {SEED_POLICIES.map((policy) => (
          <option key={policy} value={policy}>
            {SEED_LABELS[policy]}
          </option>
        ))}
      </select>
      {(problem || error) && (
        <p className="field-error" role="alert">
          {problem ?? error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={problem !== null}>
          Start the session
        </button>
      </div>
    </form>
  );
}
