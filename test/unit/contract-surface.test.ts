import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../electron/shared/channels';
import { requests } from '../../electron/shared/contract';
import { registerIpcHandlers } from '../../electron/main/ipc';
import { makeTempDir } from '../support/temp-dir';
import { createTestServices } from '../support/services';

describe('the contract surface', () => {
  it('lists these channels and events (changing them is a deliberate act: update this list)', () => {
    expect(REQUEST_CHANNELS).toEqual([
      'app.info',
      'app.notices',
      'settings.get',
      'settings.update',
      'profiles.list',
      'profiles.presets',
      'profiles.create',
      'profiles.update',
      'profiles.delete',
      'engines.list',
      'engines.launch',
      'engines.stop',
      'engines.restart',
      'engines.logs',
      'engines.memoryPlan',
      'engines.orphans',
      'engines.stopOrphans',
      'system.check',
      'compare.start',
      'compare.cancel',
      'compare.regenerate',
      'compare.get',
    ]);
    expect(EVENT_CHANNELS).toEqual(['app.notice', 'profiles.changed', 'engines.status', 'engines.log', 'compare.delta', 'compare.sideFinished']);
  });

  it('has a runtime schema for every request channel, and no schema without a channel', () => {
    expect(Object.keys(requests).sort()).toEqual([...REQUEST_CHANNELS].sort());
    for (const channel of REQUEST_CHANNELS) expect(typeof requests[channel].request.safeParse).toBe('function');
  });

  it('has a service handler for every channel', async () => {
    const dir = await makeTempDir();
    const services = createTestServices(dir.path);
    expect(Object.keys(services.handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
    for (const channel of REQUEST_CHANNELS) expect(typeof services.handlers[channel]).toBe('function');
    await services.dispose();
    await dir.remove();
  });

  it('main registers exactly one ipcMain handler per channel, behind the sender check', async () => {
    const registered = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, fn: (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>) => {
        if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
        registered.set(channel, fn);
      },
      removeHandler: (channel: string) => registered.delete(channel),
    };
    const dir = await makeTempDir();
    const services = createTestServices(dir.path);
    const trusted = { sender: 'ours' } as unknown as IpcMainInvokeEvent;
    const stranger = { sender: 'iframe' } as unknown as IpcMainInvokeEvent;
    const unregister = registerIpcHandlers(ipcMain, services.dispatch, (event) => event === trusted);

    expect([...registered.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    await expect(registered.get('settings.get')!(trusted, {})).resolves.toMatchObject({ ok: true, value: { theme: 'system' } });
    await expect(registered.get('settings.get')!(stranger, {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await expect(registered.get('settings.update')!(trusted, { theme: 'purple' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request', issues: [{ path: 'theme' }] },
    });
    unregister();
    expect(registered.size).toBe(0);
    await services.dispose();
    await dir.remove();
  });
});
