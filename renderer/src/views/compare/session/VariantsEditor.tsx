import { useId } from 'react';
import { SAMPLING_LIMITS, type SamplingField } from '../../../../../electron/shared/sampling-limits';
import type { SamplingParams } from '../../../../../electron/shared/sampling-schema';
import { MAX_SESSION_MODELS, MAX_VARIANT_LABEL_LENGTH } from '../../../../../electron/shared/session-values';
import { STATE_LABELS } from '../../models/labels';
import { formatValue } from '../sampling-form';
import type { ModelOption } from '../use-model-choice';
import { newVariant, VARIANT_FIELDS, type VariantDraft } from './variant-draft';

interface VariantsEditorProps {
  options: ModelOption[] | null;
  profileId: string | null;
  onProfile(profileId: string): void;
  variants: VariantDraft[];
  onVariants(variants: VariantDraft[]): void;
  /** The session's sampling, which an empty field keeps. null while it is invalid in Compare. */
  sessionSampling: SamplingParams | null;
  /** Keyed `${key}.${field}` or `${key}.label` (variant-draft.ts). */
  errors: Record<string, string>;
}

/**
 * One model under two or more settings: each variant its label, optionally its own system prompt, and its
 * changes to the session's sampling. Which variant answers on which side stays hidden until the vote.
 */
export function VariantsEditor({ options, profileId, onProfile, variants, onVariants, sessionSampling, errors }: VariantsEditorProps) {
  const modelId = useId();
  const change = (key: number, patch: Partial<VariantDraft>) => onVariants(variants.map((v) => (v.key === key ? { ...v, ...patch } : v)));
  return (
    <div className="variants-editor">
      <label htmlFor={modelId}>Model</label>
      <select id={modelId} value={profileId ?? ''} onChange={(event) => onProfile(event.target.value)}>
        {profileId === null && <option value="">{options === null ? 'Loading…' : 'No model profiles yet'}</option>}
        {options?.map((option) => (
          <option key={option.profileId} value={option.profileId}>
            {option.state === 'ready' ? option.name : `${option.name} — ${STATE_LABELS[option.state].toLowerCase()}`}
          </option>
        ))}
      </select>
      {variants.map((variant, index) => (
        <VariantFields
          key={variant.key}
          position={index + 1}
          variant={variant}
          sessionSampling={sessionSampling}
          errors={errors}
          onChange={(patch) => change(variant.key, patch)}
          onRemove={variants.length > 2 ? () => onVariants(variants.filter((v) => v.key !== variant.key)) : null}
        />
      ))}
      <div className="form-actions">
        <button type="button" className="small" disabled={variants.length >= MAX_SESSION_MODELS} onClick={() => onVariants([...variants, newVariant(variants.length + 1)])}>
          Add a variant
        </button>
      </div>
      <p className="drawer-hint">
        Empty sampling fields keep the session&apos;s value; the seed stays the session&apos;s (both sides of a turn share it). With more than two variants, each turn draws a
        balanced pair of them.
      </p>
    </div>
  );
}

interface VariantFieldsProps {
  position: number;
  variant: VariantDraft;
  sessionSampling: SamplingParams | null;
  errors: Record<string, string>;
  onChange(patch: Partial<VariantDraft>): void;
  onRemove: (() => void) | null;
}

function VariantFields({ position, variant, sessionSampling, errors, onChange, onRemove }: VariantFieldsProps) {
  const ids = { label: useId(), system: useId() };
  const labelError = errors[`${variant.key}.label`];
  return (
    <fieldset className="variant-fields">
      <legend>Variant {position}</legend>
      <span className="variant-row">
        <label htmlFor={ids.label}>Label</label>
        <input id={ids.label} value={variant.label} maxLength={MAX_VARIANT_LABEL_LENGTH} aria-invalid={labelError ? true : undefined} onChange={(event) => onChange({ label: event.target.value })} />
        {onRemove && (
          <button type="button" className="small quiet" onClick={onRemove}>
            Remove variant {position}
          </button>
        )}
      </span>
      {labelError && <span className="field-error">{labelError}</span>}
      <div className="session-sampling">
        {VARIANT_FIELDS.map((field) => (
          <VariantSamplingField key={field} field={field} text={variant.sampling[field]} sessionValue={sessionSampling?.[field]} error={errors[`${variant.key}.${field}`] ?? null} onChange={(text) => onChange({ sampling: { ...variant.sampling, [field]: text } })} />
        ))}
      </div>
      <label className="check">
        <input type="checkbox" checked={variant.ownSystemPrompt} onChange={(event) => onChange({ ownSystemPrompt: event.target.checked })} /> Own system prompt (instead of the session&apos;s)
      </label>
      {variant.ownSystemPrompt && (
        <>
          <label htmlFor={ids.system}>System prompt</label>
          <textarea id={ids.system} className="overridden" rows={2} value={variant.systemPrompt} placeholder="Empty: no system prompt on this variant's side" onChange={(event) => onChange({ systemPrompt: event.target.value })} />
        </>
      )}
    </fieldset>
  );
}

function VariantSamplingField({ field, text, sessionValue, error, onChange }: { field: SamplingField; text: string; sessionValue: number | null | undefined; error: string | null; onChange(text: string): void }) {
  const id = useId();
  const same = sessionValue === undefined ? 'same' : `same (${formatValue(field, sessionValue)})`;
  return (
    <span className="session-sampling-field">
      <label htmlFor={id}>{SAMPLING_LIMITS[field].label}</label>
      <input
        id={id}
        value={text}
        inputMode={SAMPLING_LIMITS[field].integer ? 'numeric' : 'decimal'}
        placeholder={same}
        className={text.trim() ? 'overridden' : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && <span className="field-error">{error}</span>}
    </span>
  );
}
