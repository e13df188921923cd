import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/services/api/dispatcher';
import { mapChannels } from '../../electron/shared/channel-map';
import type { RequestChannel } from '../../electron/shared/channels';
import type { Handlers } from '../../electron/shared/contract';
import { ServiceError } from '../../electron/shared/errors';
import { newVllmDraft } from '../../electron/shared/profile-defaults';

/**
 * A dispatcher over handlers of this test's own: each records what it was handed and answers with a
 * not-found ServiceError, unless the test gives that channel a handler of its own. The gate is under test
 * here, not the services (test/integration/service-handlers.test.ts builds the real ones).
 */
function dispatcherWith(overrides: Partial<Handlers> = {}) {
  const received: { channel: RequestChannel; payload: unknown }[] = [];
  const reported: unknown[] = [];
  const recording = mapChannels<'handler'>((channel) => async (payload) => {
    received.push({ channel, payload });
    throw new ServiceError('not-found', `nothing behind ${channel} in this test`);
  });
  const dispatch = createDispatcher({ ...recording, ...overrides }, { reportInternalError: (_channel, error) => reported.push(error) });
  return { dispatch, received, reported };
}

describe('the dispatcher', () => {
  it('answers an unknown channel with a typed error', async () => {
    const { dispatch, received } = dispatcherWith();
    expect(await dispatch('app.shutdown', {})).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'Unknown request channel "app.shutdown".' },
    });
    expect(await dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(received).toEqual([]);
  });

  it('refuses invalid payloads before any handler runs, naming the field', async () => {
    const { dispatch, received } = dispatcherWith();
    const reply = await dispatch('settings.update', { sampling: { temperature: 7 } });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message: 'Invalid settings.update request — sampling.temperature: temperature must be 2 or less.',
        issues: [{ path: 'sampling.temperature', message: 'temperature must be 2 or less' }],
      },
    });
    expect(received).toEqual([]);
  });

  it('names unknown fields rather than dropping them silently', async () => {
    const { dispatch, received } = dispatcherWith();
    const reply = await dispatch('settings.update', { sampling: { temprature: 0.2 } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request', issues: [{ path: 'sampling.temprature', message: 'unknown field' }] } });
    expect(received).toEqual([]);
  });

  it('refuses a data folder that is not absolute', async () => {
    const { dispatch } = dispatcherWith();
    const reply = await dispatch('settings.update', { dataFolder: 'relative/path' });
    expect(reply).toMatchObject({ ok: false, error: { issues: [{ path: 'dataFolder', message: expect.stringContaining('absolute path') }] } });
  });

  it('hands the handler the validated payload, and an absent payload as an empty one', async () => {
    const { dispatch, received } = dispatcherWith();
    await dispatch('profiles.create', { draft: newVllmDraft('Qwen/Qwen2-7B-Instruct', '  Qwen2 7B  ') });
    await dispatch('engines.list', undefined);
    expect(received).toEqual([
      { channel: 'profiles.create', payload: { draft: newVllmDraft('Qwen/Qwen2-7B-Instruct', 'Qwen2 7B') } },
      { channel: 'engines.list', payload: {} },
    ]);
  });

  it("answers with the handler's value", async () => {
    const { dispatch } = dispatcherWith({ 'profiles.delete': async ({ id }) => ({ deleted: id }) });
    expect(await dispatch('profiles.delete', { id: 'qwen2-7b' })).toEqual({ ok: true, value: { deleted: 'qwen2-7b' } });
  });

  it('passes a ServiceError through and hides any other error behind a generic message', async () => {
    const { dispatch, reported } = dispatcherWith({
      'settings.get': async () => {
        throw new ServiceError('io-error', 'The disk is full: free some space.');
      },
      'app.info': async () => {
        throw new Error('secret internals at /home/me/.ssh');
      },
    });
    expect(await dispatch('settings.get', {})).toEqual({ ok: false, error: { code: 'io-error', message: 'The disk is full: free some space.' } });
    const internal = await dispatch('app.info', {});
    expect(internal).toEqual({ ok: false, error: { code: 'internal', message: 'Pairwise failed to handle app.info; the details are in the app log.' } });
    expect(JSON.stringify(internal)).not.toContain('secret');
    expect(reported).toEqual([new Error('secret internals at /home/me/.ssh')]);
  });
});
