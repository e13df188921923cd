import type { EngineState, EngineStatus } from '../../shared/engine';

/** design §4 and supervisord's states: every move not listed here is a bug, not a situation. */
const ALLOWED: Record<EngineState, readonly EngineState[]> = {
  stopped: ['starting'],
  starting: ['ready', 'stopping', 'crashed'],
  ready: ['stopping', 'crashed'],
  stopping: ['stopped'],
  crashed: ['starting', 'stopped', 'failed'],
  failed: ['starting', 'stopped'],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: EngineState,
    readonly to: EngineState,
  ) {
    super(`illegal engine transition ${from} -> ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: EngineState, to: EngineState): boolean {
  return ALLOWED[from].includes(to);
}

/**
 * Holds one engine's status. State changes go through `transition` only (guarded, one event each);
 * progress within a state goes through `patch`, which never changes the state.
 */
export class EngineStatusHolder {
  private current: EngineStatus;

  constructor(
    initial: EngineStatus,
    private readonly emit: (status: EngineStatus) => void,
  ) {
    this.current = initial;
  }

  get status(): EngineStatus {
    return this.current;
  }

  get state(): EngineState {
    return this.current.state;
  }

  transition(to: EngineState, changes: Partial<Omit<EngineStatus, 'state' | 'profileId'>> = {}): void {
    if (!canTransition(this.current.state, to)) throw new IllegalTransitionError(this.current.state, to);
    this.current = { ...this.current, ...changes, state: to };
    this.emit(this.current);
  }

  patch(changes: Partial<Omit<EngineStatus, 'state' | 'profileId'>>, emit = true): void {
    this.current = { ...this.current, ...changes };
    if (emit) this.emit(this.current);
  }
}
