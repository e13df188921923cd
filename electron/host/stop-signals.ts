/** What signals come from: the process itself, or a stand-in in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** Ctrl+C, `kill`/systemd, and a closed terminal or SSH session: each means "stop the servers, then exit". */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const satisfies readonly NodeJS.Signals[];

/**
 * A library's exit hook (when-exit, under conf's atomic writes) re-raises the signal it saw at once, so a repeat
 * within this window is the same request; only a signal sent well after the first means "stop waiting".
 */
export const REPEAT_WINDOW_MS = 2000;

/** Installs the handlers; returns their removal. */
export function handleStopSignals(
  source: SignalSource,
  actions: { stop(signal: NodeJS.Signals): void; force(signal: NodeJS.Signals): void },
  now: () => number = Date.now,
): () => void {
  let firstAt: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt === null) {
      firstAt = now();
      actions.stop(signal);
    } else if (now() - firstAt >= REPEAT_WINDOW_MS) {
      actions.force(signal);
    }
  };
  for (const signal of STOP_SIGNALS) source.on(signal, onSignal);
  return () => STOP_SIGNALS.forEach((signal) => source.off(signal, onSignal));
}
