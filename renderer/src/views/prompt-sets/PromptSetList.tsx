import { useId } from 'react';
import type { PromptSetSummary } from '../../../../electron/shared/prompt-sets';

interface PromptSetListProps {
  sets: PromptSetSummary[];
  chosen: string | null;
  busy: boolean;
  onChoose(promptSetId: string): void;
  onDelete(set: PromptSetSummary): void;
}

/** The stored sets, one to choose for the run: each with its prompts per category and how many have key points. */
export function PromptSetList({ sets, chosen, busy, onChoose, onDelete }: PromptSetListProps) {
  const group = useId();
  if (sets.length === 0) return <p className="drawer-hint">No prompt sets yet: import a CSV or JSONL file, or add the study&apos;s sample set.</p>;
  return (
    <ul className="prompt-set-list" aria-label="Prompt sets">
      {sets.map((set) => (
        <li key={set.id} className={set.id === chosen ? 'prompt-set chosen' : 'prompt-set'}>
          <label className="check prompt-set-name">
            <input type="radio" name={group} checked={set.id === chosen} onChange={() => onChoose(set.id)} /> {set.name}
          </label>
          <span className="prompt-set-facts">
            {set.items} {set.items === 1 ? 'prompt' : 'prompts'} · {set.withKeyPoints} with key points · {set.withReference} with a reference answer · from {set.source === 'sample' ? 'the study' : set.source}
          </span>
          <span className="prompt-set-categories">{set.categories.map(({ category, count }) => `${category || 'no category'} ${count}`).join(' · ')}</span>
          <button type="button" className="small quiet" disabled={busy} aria-label={`Delete ${set.name}`} onClick={() => onDelete(set)}>
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}
