import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/services/events/event-bus';
import { NoticeCenter } from '../../electron/services/events/notice-center';
import { confBackend } from '../../electron/services/store/conf-backend';
import { SettingsStore } from '../../electron/services/store/settings-store';
import { waitUntil } from '../../electron/services/engines/process/process-group';
import type { StoreBackendFactory } from '../../electron/services/store/store-backend';
import { DEFAULT_SETTINGS } from '../../electron/shared/settings';
import type { Notice } from '../../electron/shared/notice';
import { makeTempDir } from '../support/temp-dir';

const FIXED_NOW = new Date('2026-11-29T08:13:39.123Z');

describe('the settings store (conf, real files)', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let notices: Notice[];
  let center: NoticeCenter;
  const file = () => join(dir.path, 'settings.json');
  const open = (createBackend: StoreBackendFactory = confBackend) =>
    SettingsStore.open({ folder: dir.path, createBackend, notices: center, now: () => FIXED_NOW });

  beforeEach(async () => {
    dir = await makeTempDir();
    notices = [];
    const bus = new EventBus();
    bus.on('app.notice', (notice) => notices.push(notice));
    center = new NoticeCenter(bus);
  });
  afterEach(() => dir.remove());

  it('starts from defaults without creating a file, and keeps an update across a reopen', () => {
    const store = open();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(existsSync(file())).toBe(false);
    store.update({ theme: 'dark', sampling: { temperature: 0.2, seed: 42 } });
    store.dispose();
    const again = open();
    expect(again.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', sampling: { ...DEFAULT_SETTINGS.sampling, temperature: 0.2, seed: 42 } });
    expect(notices).toEqual([]);
  });

  it('coalesces a burst of updates into one write', async () => {
    let writes = 0;
    const counting: StoreBackendFactory = (options) => {
      const conf = confBackend(options);
      return {
        get path() {
          return conf.path;
        },
        get store() {
          return conf.store;
        },
        set store(value) {
          writes += 1;
          conf.store = value;
        },
      };
    };
    const store = open(counting);
    for (let i = 1; i <= 20; i++) store.update({ sampling: { maxTokens: i } });
    expect(writes).toBe(0);
    // The timer may fire late on a loaded machine: wait for the write, then check no second one follows.
    expect(await waitUntil(() => writes > 0, 5000, 5)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(writes).toBe(1);
    expect(JSON.parse(readFileSync(file(), 'utf8')).sampling.maxTokens).toBe(20);
    store.dispose();
    expect(writes).toBe(1);
  });

  it('moves a corrupt file aside with a timestamp, says so, and starts from defaults', () => {
    writeFileSync(file(), '{"theme": "dark", "sampl');
    const store = open();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    const kept = join(dir.path, 'settings.corrupt-2026-11-29T08-13-39-123Z.json');
    expect(readFileSync(kept, 'utf8')).toBe('{"theme": "dark", "sampl');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning' });
    expect(notices[0]!.message).toContain(kept);
    expect(notices[0]!.message).toMatch(/could not be read/);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual(DEFAULT_SETTINGS);
    expect(center.list()).toEqual(notices);
    store.dispose();
  });

  it('keeps the valid fields of a partly invalid file, resets the rest, and keeps a copy of the original', () => {
    const original = JSON.stringify({ theme: 'dark', dataFolder: 'not/absolute', sampling: { temperature: 9, topP: 0.5, maxTokens: 256, seed: 7 } });
    writeFileSync(file(), original);
    const store = open();
    expect(store.get()).toEqual({ theme: 'dark', dataFolder: null, sampling: { temperature: 0.7, topP: 0.5, maxTokens: 256, seed: 7 } });
    const copies = readdirSync(dir.path).filter((name) => name.startsWith('settings.invalid-'));
    expect(copies).toEqual(['settings.invalid-2026-11-29T08-13-39-123Z.json']);
    expect(readFileSync(join(dir.path, copies[0]!), 'utf8')).toBe(original);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/dataFolder \(.*absolute.*\); sampling\.temperature \(temperature must be 2 or less\)/);
    store.dispose();
  });

  it('treats a JSON value that is not an object as corrupt', () => {
    writeFileSync(file(), '[1,2,3]');
    const store = open();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(notices[0]!.message).toMatch(/does not hold a JSON object/);
    store.dispose();
  });

  it('reports a failed write and keeps the change in memory, then saves it once the folder is usable again', () => {
    const store = open();
    // The folder is replaced by a file: every write now fails (as on a vanished or read-only mount).
    rmSync(dir.path, { recursive: true });
    writeFileSync(dir.path, 'in the way');
    store.update({ theme: 'light' });
    store.flush();
    expect(store.get().theme).toBe('light');
    expect(notices.at(-1)).toMatchObject({ level: 'error' });
    expect(notices.at(-1)!.message).toMatch(/Could not save settings to .*settings\.json \(E[A-Z]+\)\. Your changes are kept/);
    rmSync(dir.path);
    store.update({ sampling: { topP: 0.9 } });
    store.flush();
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({ theme: 'light', sampling: { topP: 0.9 } });
    store.dispose();
  });
});
