import { describe, expect, it } from 'vitest';
import { EngineStatusHolder, IllegalTransitionError, canTransition } from '../../electron/services/engines/engine-state';
import { RestartPolicy } from '../../electron/services/engines/restart-policy';
import { ENGINE_STATES, idleStatus, isActiveState, type EngineStatus } from '../../electron/shared/engine';

describe('the engine state machine', () => {
  it('allows exactly the moves of the design', () => {
    const allowed = ENGINE_STATES.flatMap((from) => ENGINE_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      [
        'stopped->starting',
        'starting->ready', 'starting->stopping', 'starting->crashed',
        'ready->stopping', 'ready->crashed',
        'stopping->stopped',
        'crashed->starting', 'crashed->stopped', 'crashed->failed',
        'failed->starting', 'failed->stopped',
      ].sort(),
    );
  });

  it('counts a server as active (holding a port and GPU memory) exactly where it cannot be started again', () => {
    const active = ENGINE_STATES.filter(isActiveState);
    expect(active).toEqual(['starting', 'ready', 'stopping']);
    for (const state of ENGINE_STATES) expect(isActiveState(state), state).toBe(!canTransition(state, 'starting'));
  });

  it('emits one event per transition and refuses illegal ones without changing state', () => {
    const emitted: EngineStatus[] = [];
    const holder = new EngineStatusHolder(idleStatus('p'), (s) => emitted.push(s));
    holder.transition('starting', { port: 8000 });
    holder.transition('ready');
    expect(() => holder.transition('starting')).toThrow(IllegalTransitionError);
    expect(holder.state).toBe('ready');
    expect(emitted.map((s) => s.state)).toEqual(['starting', 'ready']);
    expect(emitted[1]!.port).toBe(8000);
    holder.patch({ vllmVersion: '0.11.0' });
    expect(holder.state).toBe('ready');
  });
});

describe('the restart policy', () => {
  const policy = () => new RestartPolicy({ baseDelayMs: 1000, maxDelayMs: 60_000, maxCrashes: 5, windowMs: 600_000 });

  it('backs off exponentially from 1 s, and gives up at the 5th crash within 10 minutes', () => {
    const p = policy();
    const decisions = [0, 1, 2, 3, 4].map((i) => p.recordCrash(i * 1000, 'engine-died', true));
    expect(decisions.map((d) => (d.kind === 'restart' ? d.delayMs : d.kind))).toEqual([1000, 2000, 4000, 8000, 'give-up']);
  });

  it('caps the delay at 60 s and forgets crashes older than the window', () => {
    const p = new RestartPolicy({ baseDelayMs: 1000, maxDelayMs: 60_000, maxCrashes: 50, windowMs: 600_000 });
    let last;
    for (let i = 0; i < 10; i++) last = p.recordCrash(i, 'killed', true);
    expect(last).toEqual({ kind: 'restart', delayMs: 60_000, crashes: 10 });
    expect(p.recordCrash(10 * 600_000, 'killed', true)).toEqual({ kind: 'restart', delayMs: 1000, crashes: 1 });
  });

  it('does not restart what a restart cannot cure, nor without auto-restart', () => {
    expect(policy().recordCrash(0, 'model-not-found', true).kind).toBe('stay-crashed');
    expect(policy().recordCrash(0, 'engine-died', false).kind).toBe('stay-crashed');
  });
});
