import { useId, useState, type FormEvent } from 'react';
import type { SamplingParams } from '../../../../../electron/shared/sampling-schema';
import type { CreateSession } from '../../../../../electron/shared/sessions';
import { createSessionIssue } from '../../../../../electron/shared/session-values';
import { DEFAULT_DIMENSIONS, MAX_DIMENSIONS, SEED_POLICIES, type SeedPolicy } from '../../../../../electron/shared/session-values';
import { useModelChoice } from '../use-model-choice';
import { ModelChecklist } from './ModelChecklist';
import { asSentence, newVariant, parseVariants, type VariantDraft } from './variant-draft';
import { VariantsEditor } from './VariantsEditor';

interface NewSessionFormProps {
  /** The two models picked in Compare, by profile id and name: ticked first, until the person changes the list. */
  pair: { left: { id: string; name: string }; right: { id: string; name: string } } | null;
  systemPrompt: string;
  sampling: SamplingParams | null;
  error: string | null;
  onCreate(input: CreateSession): void;
  onCancel(): void;
}

type Mode = 'models' | 'variants';

const SEED_LABELS: Record<SeedPolicy, string> = {
  'as-set': 'As set in sampling (none, or one fixed seed)',
  'random-per-turn': 'A fresh random seed per comparison, the same for both, recorded',
};

/**
 * Starts a rating session with Compare's system prompt and sampling: of 2–8 models, or of variants of one
 * model (each its label, system prompt and sampling changes). What is allowed is createSessionIssue's rule,
 * the same one the main process applies.
 */
export function NewSessionForm({ pair, systemPrompt, sampling, error, onCreate, onCancel }: NewSessionFormProps) {
  const ids = { name: useId(), dims: useId(), seed: useId(), mode: useId() };
  const { options } = useModelChoice();
  const [name, setName] = useState(() => `Session ${new Date().toLocaleString()}`);
  const [mode, setMode] = useState<Mode>('models');
  // null: not touched yet, so the pair picked in Compare (which may load after the form opens) is the choice.
  const [picked, setPicked] = useState<string[] | null>(null);
  const [variantProfile, setVariantProfile] = useState<string | null>(null);
  const [variants, setVariants] = useState<VariantDraft[]>(() => [newVariant(1), newVariant(2)]);
  const [blind, setBlind] = useState(true);
  const [equalReveal, setEqualReveal] = useState(false);
  const [dimensions, setDimensions] = useState<string>(DEFAULT_DIMENSIONS.join(', '));
  const [seedPolicy, setSeedPolicy] = useState<SeedPolicy>('as-set');

  const dims = dimensions.split(',').map((d) => d.trim()).filter(Boolean);
  const models = picked ?? (pair ? [pair.left.id, pair.right.id] : []);
  const variantModel = variantProfile ?? pair?.left.id ?? options?.[0]?.profileId ?? null;
  const parsedVariants = parseVariants(variants);
  const profileIds = mode === 'models' ? models : variantModel ? [variantModel] : [];
  const issue = createSessionIssue(profileIds, mode === 'variants' ? (parsedVariants.variants ?? []) : undefined);
  const problem = !sampling
    ? 'Fix the sampling settings first (Sampling & system prompt).'
    : dims.length > MAX_DIMENSIONS
      ? `At most ${MAX_DIMENSIONS} score dimensions.`
      : mode === 'variants' && !parsedVariants.variants
        ? 'Fix the variant field marked in red.'
        : issue && asSentence(issue);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem || !sampling) return;
    const settings = { systemPrompt, sampling, seedPolicy, blind, equalReveal: blind && equalReveal, dimensions: dims };
    const chosenVariants = mode === 'variants' && parsedVariants.variants ? { variants: parsedVariants.variants } : {};
    onCreate({ name: name.trim(), profileIds, ...chosenVariants, settings });
  };

  return (
    <form className="new-session" aria-label="New rating session" onSubmit={submit}>
      <h2>New rating session</h2>
      <p className="drawer-hint">With the system prompt and sampling set in Compare. Every comparison and vote is saved as it happens.</p>
      <label htmlFor={ids.name}>Name</label>
      <input id={ids.name} value={name} onChange={(event) => setName(event.target.value)} />
      <fieldset className="session-mode-choice">
        <legend>What to compare</legend>
        <label className="check">
          <input type="radio" name={ids.mode} checked={mode === 'models'} onChange={() => setMode('models')} /> Two or more models
        </label>
        <label className="check">
          <input type="radio" name={ids.mode} checked={mode === 'variants'} onChange={() => setMode('variants')} /> Variants of one model (its settings compared)
        </label>
      </fieldset>
      {mode === 'models' ? (
        <ModelChecklist options={options} picked={models} onChange={setPicked} />
      ) : (
        <VariantsEditor options={options} profileId={variantModel} onProfile={setVariantProfile} variants={variants} onVariants={setVariants} sessionSampling={sampling} errors={parsedVariants.errors} />
      )}
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
