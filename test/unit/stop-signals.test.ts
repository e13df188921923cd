import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleStopSignals, REPEAT_WINDOW_MS, STOP_SIGNALS } from '../../electron/host/stop-signals';

describe('stop signals', () => {
  function setup() {
    const source = new EventEmitter();
    const clock = { now: 1_000 };
    const calls: string[] = [];
    const remove = handleStopSignals(source, { stop: (s) => calls.push(`stop ${s}`), force: (s) => calls.push(`force ${s}`) }, () => clock.now);
    return { source, clock, calls, remove };
  }

  it('stops on the first of SIGINT, SIGTERM, SIGHUP; a repeat inside the window is the same request', () => {
    for (const signal of STOP_SIGNALS) {
      const { source, clock, calls } = setup();
      source.emit(signal, signal);
      clock.now += REPEAT_WINDOW_MS - 1;
      source.emit('SIGINT', 'SIGINT');
      expect(calls).toEqual([`stop ${signal}`]);
    }
  });

  it('a signal sent after the window forces the exit', () => {
    const { source, clock, calls } = setup();
    source.emit('SIGTERM', 'SIGTERM');
    clock.now += REPEAT_WINDOW_MS;
    source.emit('SIGHUP', 'SIGHUP');
    expect(calls).toEqual(['stop SIGTERM', 'force SIGHUP']);
  });

  it('removes every handler it installed', () => {
    const { source, remove } = setup();
    for (const signal of STOP_SIGNALS) expect(source.listenerCount(signal)).toBe(1);
    remove();
    for (const signal of STOP_SIGNALS) expect(source.listenerCount(signal)).toBe(0);
  });
});
