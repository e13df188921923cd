import type { ModelOption } from './use-model-choice';

/** Said plainly when fewer than two models are ready, with the way to Models where they are launched. */
export function ReadyModelsNotice({ ready, onOpenModels }: { ready: ModelOption[]; onOpenModels(): void }) {
  const have = ready.length === 0 ? 'No model is ready yet.' : `Only ${ready[0]!.name} is ready.`;
  const need = ready.length === 0 ? 'Launch two models' : 'Launch one more model';
  return (
    <div className="compare-banner" role="status">
      <p>
        Comparing needs two ready models. {have} {need} in Models, then come back here.
      </p>
      <button type="button" className="primary" onClick={onOpenModels}>
        Open Models
      </button>
    </div>
  );
}
