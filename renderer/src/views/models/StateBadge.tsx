import type { EngineState } from '../../../../electron/shared/engine';
import { STATE_LABELS } from './labels';

/** A shape per state as well as a colour, and always the word: colour is never the only signal. */
const GLYPHS: Record<EngineState, string> = {
  stopped: '○',
  starting: '◔',
  ready: '●',
  stopping: '◑',
  crashed: '✕',
  failed: '⚠',
};

export function StateBadge({ state }: { state: EngineState }) {
  return (
    <span className={`state-badge state-${state}`} data-state={state}>
      <span aria-hidden="true" className="state-glyph">
        {GLYPHS[state]}
      </span>
      {STATE_LABELS[state]}
    </span>
  );
}
