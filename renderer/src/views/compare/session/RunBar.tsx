import type { RunControls } from './use-run';
import { runIsOver, runProgress } from './run-words';

interface RunBarProps {
  controls: RunControls;
  onHide(): void;
}

/**
 * The prompt set run in progress: its name, how far it got, and Pause / Resume and Skip. It says nothing of the
 * steps beyond their category, so a hidden repeat looks like any other prompt.
 */
export function RunBar({ controls, onHide }: RunBarProps) {
  const { run, paused } = controls;
  if (!run) return null;
  const progress = runProgress(run);
  const over = runIsOver(run);
  return (
    <section className="run-bar" aria-label="Prompt set run">
      <span className="run-name">{run.name}</span>
      <progress aria-label="Prompt set progress" max={Math.max(progress.total, 1)} value={progress.done} aria-valuetext={`${progress.done} of ${progress.total} prompts voted or skipped`} />
      <span className="run-count">{progress.text}</span>
      <span className="run-state" role="status">
        {runState(controls, over)}
      </span>
      <span className="session-actions">
        {over ? (
          <button type="button" className="small" onClick={onHide}>
            Hide the finished run
          </button>
        ) : (
          <>
            <button type="button" className="small" onClick={controls.togglePause} title={paused ? 'Back to the set: its next prompt goes in the prompt box' : 'Step out of the set: type your own prompts'}>
              {paused ? 'Resume' : 'Pause'}
            </button>
            <button type="button" className="small" disabled={!controls.canSkip} onClick={() => void controls.skip()} title={run.pending ? 'Pass over the prompt sent last without a vote' : 'Pass over the next prompt'}>
              Skip
            </button>
          </>
        )}
      </span>
      {controls.problem && (
        <p className="compare-problem run-problem" role="alert">
          <span>Not skipped: {controls.problem}</span>
        </p>
      )}
    </section>
  );
}

function runState(controls: RunControls, over: boolean): string {
  const { run, paused } = controls;
  if (!run) return '';
  if (over) return 'Done';
  if (controls.pendingElsewhere) return 'Vote on the last prompt in History, or skip it.';
  if (paused) return 'Paused: the prompts you type now are outside the run.';
  if (!run.next || run.pending) return '';
  const own = run.next.systemPrompt !== null ? ' · with its own system prompt' : '';
  return `${run.next.category ? `Next: ${run.next.category}` : 'Next prompt ready'}${own}`;
}
