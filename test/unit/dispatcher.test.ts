import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/services/api/dispatcher';
import type { Handlers } from '../../electron/shared/contract';
import { ServiceError } from '../../electron/shared/errors';
import { DEFAULT_SETTINGS } from '../../electron/shared/settings';
import { makeTempDir } from '../support/temp-dir';
import { createTestServices } from '../support/services';
import type { AppServices } from '../../electron/services/app-services';

describe('the dispatcher', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let services: AppServices;
  beforeEach(async () => {
    dir = await makeTempDir();
    services = createTestServices(dir.path);
  });
  afterEach(async () => {
    await services.dispose();
    await dir.remove();
  });

  it('answers an unknown channel with a typed error', async () => {
    expect(await services.dispatch('app.shutdown', {})).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'Unknown request channel "app.shutdown".' },
    });
    expect(await services.dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('refuses invalid payloads before any service runs, naming the field', async () => {
    const reply = await services.dispatch('settings.update', { sampling: { temperature: 7 } });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid-request',
        message: 'Invalid settings.update request — sampling.temperature: temperature must be 2 or less.',
        issues: [{ path: 'sampling.temperature', message: 'temperature must be 2 or less' }],
      },
    });
    expect(services.settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('names unknown fields rather than dropping them silently', async () => {
    const reply = await services.dispatch('settings.update', { sampling: { temprature: 0.2 } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request', issues: [{ path: 'sampling', message: 'unknown field(s) temprature' }] } });
  });

  it('refuses a data folder that is not absolute', async () => {
    const reply = await services.dispatch('settings.update', { dataFolder: 'relative/path' });
    expect(reply).toMatchObject({ ok: false, error: { issues: [{ path: 'dataFolder', message: expect.stringContaining('absolute path') }] } });
  });

  it('passes a ServiceError through and hides any other error behind a generic message', async () => {
    const reported: unknown[] = [];
    const handlers = {
      ...services.handlers,
      'settings.get': async () => {
        throw new ServiceError('io-error', 'The disk is full: free some space.');
      },
      'app.info': async () => {
        throw new Error('secret internals at /home/me/.ssh');
      },
    } as Handlers;
    const dispatch = createDispatcher(handlers, { reportInternalError: (_channel, error) => reported.push(error) });
    expect(await dispatch('settings.get', {})).toEqual({ ok: false, error: { code: 'io-error', message: 'The disk is full: free some space.' } });
    const internal = await dispatch('app.info', {});
    expect(internal).toEqual({ ok: false, error: { code: 'internal', message: 'Pairwise failed to handle app.info; the details are in the app log.' } });
    expect(JSON.stringify(internal)).not.toContain('secret');
    expect(reported).toHaveLength(1);
  });

  it('answers app.info with the tools found on PATH', async () => {
    const reply = await services.dispatch('app.info', {});
    expect(reply).toMatchObject({ ok: true, value: { version: '9.9.9-test', shell: 'headless', dataFolder: dir.path } });
  });
});
