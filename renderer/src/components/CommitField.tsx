import { useEffect, useId, useState } from 'react';

interface CommitFieldProps {
  label: string;
  name: string;
  value: string;
  error?: string | undefined;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  wide?: boolean;
  /** Called on Enter or when focus leaves with a changed value; resolves false when the value was refused. */
  onCommit(text: string): Promise<boolean>;
}

/** A text field that saves on Enter/blur rather than per keystroke, and shows why a value was refused. */
export function CommitField({ label, name, value, error, placeholder, inputMode = 'text', wide, onCommit }: CommitFieldProps) {
  const [draft, setDraft] = useState(value);
  const id = useId();
  useEffect(() => setDraft(value), [value]);

  const commit = () => {
    if (draft !== value || error) void onCommit(draft);
  };
  return (
    <label className={`field${wide ? ' field-wide' : ''}`}>
      <span>{label}</span>
      <input
        name={name}
        value={draft}
        placeholder={placeholder}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(value);
        }}
      />
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
