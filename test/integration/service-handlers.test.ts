// The real composition root answers the whole contract: a handler for every request channel and nothing
// else, and requests go through its dispatcher to the real services.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../electron/services/app-services';
import { REQUEST_CHANNELS } from '../../electron/shared/channels';
import { makeTempDir } from '../support/temp-dir';
import { createTestServices } from '../support/services';

describe('the services behind the contract', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let services: AppServices;
  beforeAll(async () => {
    dir = await makeTempDir();
    services = createTestServices(dir.path);
  });
  afterAll(async () => {
    await services?.dispose();
    await dir?.remove();
  });

  it('has a service handler for every request channel, and none for anything else', () => {
    expect(Object.keys(services.handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
    for (const channel of REQUEST_CHANNELS) expect(services.handlers[channel]).toBeTypeOf('function');
  });

  it('answers app.info through its dispatcher, from the real services', async () => {
    const reply = await services.dispatch('app.info', {});
    expect(reply).toMatchObject({ ok: true, value: { version: '9.9.9-test', shell: 'headless', dataFolder: dir.path } });
  });
});
