import { useId, useState, type FormEvent } from 'react';
import type { PromptSetSummary, RunView } from '../../../../electron/shared/prompt-sets';
import { DEFAULT_REPEAT_SHARE, MAX_REPEAT_SHARE } from '../../../../electron/shared/prompt-set-values';
import type { SessionView } from '../../../../electron/shared/sessions';
import { useApi } from '../../api/api-context';
import { errorMessage } from '../models/format';

interface StartRunFormProps {
  set: PromptSetSummary;
  session: SessionView;
  onStarted(session: SessionView): void;
}

const MAX_PERCENT = Math.round(MAX_REPEAT_SHARE * 100);

/**
 * Runs the chosen set through the session: which categories, shuffled or in the file's order, and the share of
 * hidden repeats. Its prompts are copied into the session, so the run does not depend on the set staying.
 */
export function StartRunForm({ set, session, onStarted }: StartRunFormProps) {
  const api = useApi();
  const ids = { shuffle: useId(), repeats: useId(), repeatsHint: useId() };
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [shuffle, setShuffle] = useState(true);
  const [percent, setPercent] = useState(String(Math.round(DEFAULT_REPEAT_SHARE * 100)));
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const included = set.categories.filter(({ category }) => !excluded.has(category));
  const prompts = included.reduce((sum, { count }) => sum + count, 0);
  const share = Number(percent) / 100;
  const shareValid = percent.trim() !== '' && Number.isFinite(share) && share >= 0 && share <= MAX_REPEAT_SHARE;
  const repeats = shareValid ? Math.round(prompts * share) : 0;
  const problem = session.readOnly ? 'This session is read-only here.' : prompts === 0 ? 'Include at least one category.' : !shareValid ? `Hidden repeats: a share from 0 to ${MAX_PERCENT}%.` : null;

  const toggle = (category: string, on: boolean) =>
    setExcluded((current) => {
      const next = new Set(current);
      if (on) next.delete(category);
      else next.add(category);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (problem || starting) return;
    setStarting(true);
    try {
      // Every category ticked: sent as the contract's "all", an empty list.
      const categories = excluded.size === 0 ? [] : included.map(({ category }) => category);
      onStarted(await api['sessions.startRun']({ sessionId: session.id, promptSetId: set.id, categories, shuffle, repeatShare: share }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setStarting(false);
    }
  };

  return (
    <form className="start-run" aria-label="Start a run" onSubmit={(event) => void submit(event)}>
      <h3>Run “{set.name}” in {session.name}</h3>
      <fieldset>
        <legend>Categories to include</legend>
        {set.categories.map(({ category, count }) => (
          <label key={category} className="check">
            <input type="checkbox" checked={!excluded.has(category)} onChange={(event) => toggle(category, event.target.checked)} /> {category || 'No category'} ({count})
          </label>
        ))}
      </fieldset>
      <label className="check" htmlFor={ids.shuffle}>
        <input id={ids.shuffle} type="checkbox" checked={shuffle} onChange={(event) => setShuffle(event.target.checked)} /> Shuffle the prompts (off: the file&apos;s order)
      </label>
      <label htmlFor={ids.repeats}>Hidden repeats (% of the prompts)</label>
      <input id={ids.repeats} type="number" min={0} max={MAX_PERCENT} step={1} value={percent} aria-describedby={ids.repeatsHint} aria-invalid={shareValid ? undefined : true} onChange={(event) => setPercent(event.target.value)} />
      <p id={ids.repeatsHint} className="drawer-hint">
        This share of the prompts comes back later in the run with the sides swapped, to measure how consistent the ratings are and how much the side sways them. You are
        not told which prompts repeat, so rate each one as if it were new.
      </p>
      {session.run && runWillBeReplaced(session.run) && <p className="drawer-hint warning-note">This replaces the run in progress ({session.run.name}); the votes it has stay in the session.</p>}
      <p className="drawer-hint">
        {prompts} {prompts === 1 ? 'prompt' : 'prompts'}
        {repeats > 0 ? `, plus about ${repeats} hidden ${repeats === 1 ? 'repeat' : 'repeats'}` : ''}.
      </p>
      {(problem || error) && (
        <p className="field-error" role="alert">
          {problem ?? error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={problem !== null || starting}>
          Start run
        </button>
      </div>
    </form>
  );
}

function runWillBeReplaced(run: RunView): boolean {
  return run.next !== null || run.pending !== null;
}
