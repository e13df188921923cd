import { useId, useState, type KeyboardEvent } from 'react';
import type { SessionSummary } from '../../../../electron/shared/sessions';
import { formatWhen, plural } from './history-format';

/** What a session's entry shows in either list: its pair, its counts and its dates. */
export function SessionFacts({ session, id }: { session: SessionSummary; id: string }) {
  return (
    <span className="hist-session-facts" id={id}>
      <span className="hist-session-pair">
        {session.models[0]} <span className="muted">vs</span> {session.models[1]}
      </span>
      <span className="hist-session-counts">
        {plural(session.votes, 'vote', 'votes')} · {plural(session.comparisons, 'comparison', 'comparisons')}
      </span>
      <span className="hist-session-dates muted">
        Created {formatWhen(session.createdAt)} · last activity {formatWhen(session.updatedAt)}
      </span>
    </span>
  );
}

interface SessionItemProps {
  session: SessionSummary;
  selected: boolean;
  onSelect(): void;
  /** Resolves with the service's refusal, or null once renamed. */
  onRename(name: string): Promise<string | null>;
  onTrash(): Promise<string | null>;
}

/** A session in the list: opening it, renaming it in place, and moving it to the trash after asking. */
export function SessionItem({ session, selected, onSelect, onRename, onTrash }: SessionItemProps) {
  const factsId = useId();
  const [mode, setMode] = useState<'idle' | 'renaming' | 'confirming'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const start = (next: typeof mode) => {
    setProblem(null);
    setMode(next);
  };
  return (
    <li className="hist-session-item" aria-current={selected ? 'true' : undefined}>
      {mode === 'renaming' ? (
        <RenameField
          session={session}
          onSave={async (name) => {
            const refusal = await onRename(name);
            if (refusal === null) setMode('idle');
            return refusal;
          }}
          onCancel={() => setMode('idle')}
        />
      ) : (
        <button type="button" className="hist-session-open" data-hist-session-open aria-label={session.name} aria-describedby={factsId} onClick={onSelect}>
          <span className="hist-session-name">{session.name}</span>
          <SessionFacts session={session} id={factsId} />
        </button>
      )}
      {mode === 'confirming' ? (
        <TrashConfirm
          name={session.name}
          onConfirm={async () => {
            setMode('idle');
            setProblem(await onTrash());
          }}
          onKeep={() => setMode('idle')}
        />
      ) : (
        mode === 'idle' && (
          <span className="button-row hist-session-actions">
            <button type="button" className="small quiet" aria-label={`Rename ${session.name}`} onClick={() => start('renaming')}>
              Rename
            </button>
            <button type="button" className="small quiet" aria-label={`Delete ${session.name}`} onClick={() => start('confirming')}>
              Delete
            </button>
          </span>
        )
      )}
      {problem && (
        <p className="row-problem" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

/** Enter saves, Escape cancels; the service validates the name and its message stays under the field. */
function RenameField({ session, onSave, onCancel }: { session: SessionSummary; onSave(name: string): Promise<string | null>; onCancel(): void }) {
  const [draft, setDraft] = useState(session.name);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const errorId = useId();
  const save = async () => {
    if (saving) return;
    setSaving(true);
    const problem = await onSave(draft);
    setSaving(false);
    setRefusal(problem);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };
  return (
    <div className="rename-field">
      <input
        autoFocus
        value={draft}
        aria-label={`New name for ${session.name}`}
        aria-invalid={refusal !== null}
        aria-describedby={refusal !== null ? errorId : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span className="button-row">
        <button type="button" className="small primary" disabled={saving} onClick={() => void save()}>
          Save name
        </button>
        <button type="button" className="small quiet" onClick={onCancel}>
          Cancel
        </button>
      </span>
      {refusal !== null && (
        <p className="field-problem" id={errorId} role="alert">
          {refusal}
        </p>
      )}
    </div>
  );
}

/** Deleting only moves the file to the trash: the question says so, so nobody hesitates for the wrong reason. */
function TrashConfirm({ name, onConfirm, onKeep }: { name: string; onConfirm(): void; onKeep(): void }) {
  return (
    <span className="trash-confirm" role="group" aria-label={`Confirm deleting ${name}`} onKeyDown={(e) => e.key === 'Escape' && onKeep()}>
      <span>Move “{name}” to the trash? You can restore it from the Trash tab.</span>
      <span className="button-row">
        <button type="button" className="small danger" autoFocus onClick={onConfirm}>
          Move to trash
        </button>
        <button type="button" className="small quiet" onClick={onKeep}>
          Keep
        </button>
      </span>
    </span>
  );
}
