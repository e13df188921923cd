import type { ActionProblem } from './use-engine-actions';

const VERBS = { launch: 'Launch', stop: 'Stop', restart: 'Restart' } as const;

/** A refused action, with the way past it when there is one (the memory check can be overruled). */
export function LaunchProblem({ problem, name, onLaunchAnyway, onDismiss }: { problem: ActionProblem; name: string; onLaunchAnyway(): void; onDismiss(): void }) {
  return (
    <div className="action-problem" role="alert">
      <p>
        <strong>{VERBS[problem.action]} refused:</strong> {problem.message}
      </p>
      <div className="button-row">
        {problem.canForce && (
          <button type="button" className="danger" aria-label={`Launch ${name} anyway`} onClick={onLaunchAnyway}>
            Launch anyway
          </button>
        )}
        <button type="button" className="quiet" aria-label={`Dismiss the message about ${name}`} onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
