import { useEffect, useRef, useState } from 'react';
import type { PromptSetSummary } from '../../../../electron/shared/prompt-sets';
import type { SessionView } from '../../../../electron/shared/sessions';
import { ImportPromptSet } from './ImportPromptSet';
import { PromptSetList } from './PromptSetList';
import { StartRunForm } from './StartRunForm';
import { usePromptSets } from './use-prompt-sets';
import './prompt-sets.css';

interface PromptSetsDialogProps {
  session: SessionView;
  onClose(): void;
  /** The session as startRun returned it, its run set. */
  onStarted(session: SessionView): void;
}

/**
 * The prompt sets, in a modal dialog opened from the session bar: import or add one, delete one, and start
 * running the chosen one through the session. Escape closes it and focus goes back to the session bar.
 */
export function PromptSetsDialog({ session, onClose, onStarted }: PromptSetsDialogProps) {
  const dialog = useModal();
  const state = usePromptSets();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const { sets, outcome } = state;
  // A set just added is the one to run; else the person's pick, else the newest set.
  const justAdded = outcome.kind === 'imported' ? outcome.set.id : null;
  useEffect(() => {
    if (justAdded) setChosenId(justAdded);
  }, [justAdded]);
  const chosen = sets?.find((set) => set.id === chosenId) ?? newest(sets);

  return (
    <dialog
      ref={dialog}
      className="prompt-sets-dialog"
      aria-labelledby="prompt-sets-title"
      onCancel={(event) => {
        // Escape: React decides when the dialog goes, so its state and the DOM cannot disagree.
        event.preventDefault();
        onClose();
      }}
    >
      <div className="prompt-sets-header">
        <h2 id="prompt-sets-title">Prompt sets</h2>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {state.loadError && (
        <p className="field-error" role="alert">
          The prompt sets could not be listed: {state.loadError}
        </p>
      )}
      {sets === null && !state.loadError && <p className="drawer-hint">Loading the prompt sets…</p>}
      {sets && <PromptSetList sets={sets} chosen={chosen?.id ?? null} busy={outcome.kind === 'busy'} onChoose={setChosenId} onDelete={(set) => void state.remove(set)} />}
      <ImportPromptSet state={state} />
      {chosen && <StartRunForm key={chosen.id} set={chosen} session={session} onStarted={onStarted} />}
    </dialog>
  );
}

function newest(sets: PromptSetSummary[] | null): PromptSetSummary | null {
  return sets?.reduce<PromptSetSummary | null>((best, set) => (best === null || set.createdAt > best.createdAt ? set : best), null) ?? null;
}

/** Shows the dialog as modal on mount and hands focus back to whatever opened it when it goes. */
function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (element && !element.open) element.showModal();
    return () => {
      element?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return ref;
}
