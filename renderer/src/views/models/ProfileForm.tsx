import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError } from '../../../../electron/shared/errors';
import type { CachedModel, GpuProbe } from '../../../../electron/shared/gpu';
import type { ProfileDraft } from '../../../../electron/shared/profiles';
import { EndpointFields } from './EndpointFields';
import { errorMessage } from './format';
import { FormField } from './FormField';
import { draftFromValues, fieldOfIssue, type FieldErrors, type FormValues } from './profile-form-values';
import { VllmFields } from './VllmFields';

interface ProfileFormProps {
  title: string;
  initial: FormValues;
  submitLabel: string;
  cachedModels: CachedModel[];
  gpuProbe: GpuProbe | null;
  /** Rejects with the service's ApiError when it refuses the draft; the form then stays open, values intact. */
  onSave(draft: ProfileDraft): Promise<unknown>;
  onClose(): void;
}

/**
 * Create or edit a profile, in a modal dialog: Enter submits (Ctrl+Enter from the multi-line fields), Escape
 * closes. The service validates; its field errors are shown next to the fields they name.
 */
export function ProfileForm({ title, initial, submitLabel, cachedModels, gpuProbe, onSave, onClose }: ProfileFormProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    // The dialog is removed by React, not closed by the browser, so focus is handed back to the opener here.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (element && !element.open) element.showModal();
    element?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      element?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const built = draftFromValues(values);
    if ('errors' in built) return setErrors(built.errors);
    setSaving(true);
    try {
      await onSave(built.draft);
      onClose();
    } catch (error) {
      setErrors(errorsFrom(error));
      setSaving(false);
    }
  };
  const submitFromTextarea = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  };
  const errorCount = Object.keys(errors).length;

  return (
    <dialog
      ref={dialog}
      className="profile-dialog"
      aria-labelledby="profile-form-title"
      onCancel={(event) => {
        // Escape: React decides when the dialog goes away, so its state and the DOM cannot disagree.
        event.preventDefault();
        onClose();
      }}
    >
      <form className="profile-form" onSubmit={submit} onKeyDown={submitFromTextarea} noValidate>
        <h2 id="profile-form-title">{title}</h2>
        <fieldset className="engine-choice">
          <legend>Engine</legend>
          <label className="check">
            <input type="radio" name="engine" checked={values.engine === 'vllm'} onChange={() => setValues({ ...values, engine: 'vllm' })} />
            vLLM launched by Pairwise
          </label>
          <label className="check">
            <input type="radio" name="engine" checked={values.engine === 'endpoint'} onChange={() => setValues({ ...values, engine: 'endpoint' })} />
            A running OpenAI-compatible endpoint
          </label>
        </fieldset>
        <FormField label="Name" error={errors.name}>
          <input value={values.name} data-autofocus required onChange={(e) => setValues({ ...values, name: e.target.value })} />
        </FormField>
        {values.engine === 'vllm' ? (
          <VllmFields values={values.vllm} errors={errors} cachedModels={cachedModels} gpuProbe={gpuProbe}
            onChange={(patch) => setValues((current) => ({ ...current, vllm: { ...current.vllm, ...patch } }))} />
        ) : (
          <EndpointFields values={values.endpoint} errors={errors}
            onChange={(patch) => setValues((current) => ({ ...current, endpoint: { ...current.endpoint, ...patch } }))} />
        )}
        {errorCount > 0 && (
          <p className="form-status error-text" role="alert">
            {errors.form ?? `Not saved: ${errorCount === 1 ? 'one field needs' : `${errorCount} fields need`} a change (marked in red).`}
          </p>
        )}
        <div className="button-row form-buttons">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : submitLabel}
          </button>
          <button type="button" className="quiet" onClick={onClose}>
            Cancel
          </button>
          <span className="form-hint">Enter saves · Esc cancels</span>
        </div>
      </form>
    </dialog>
  );
}

/** The service's issues by field; an issue that names no field of this form is shown for the whole form. */
function errorsFrom(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.issues.length === 0) return { form: errorMessage(error) };
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldOfIssue(issue.path);
    const where = issue.path.split('.').slice(2).join('.');
    // For list and map fields the rest of the path says which entry: "extraArgs.2" or "env.CUDA_VISIBLE_DEVICES".
    const message = where && (field === 'extraArgs' || field === 'env') ? `${describeEntry(field, where)}: ${issue.message}` : issue.message;
    errors[field] ??= message;
  }
  return errors;
}

function describeEntry(field: string, where: string): string {
  return field === 'extraArgs' ? `argument ${Number(where) + 1}` : where;
}
