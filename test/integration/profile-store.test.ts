import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../electron/services/events/event-bus';
import { NoticeCenter } from '../../electron/services/events/notice-center';
import { ProfileStore } from '../../electron/services/profiles/profile-store';
import { confBackend } from '../../electron/services/store/conf-backend';
import { newVllmDraft } from '../../electron/shared/profiles';
import { makeTempDir } from '../support/temp-dir';
import { createHarness, emulatedDraft } from '../support/engine-harness';

describe('model profiles', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let center: NoticeCenter;
  const open = () => ProfileStore.open({ folder: dir.path, createBackend: confBackend, notices: center });
  beforeEach(async () => {
    dir = await makeTempDir();
    center = new NoticeCenter(new EventBus());
  });
  afterEach(() => dir.remove());

  it('creates, edits and deletes profiles, on disk at once, with readable stable ids', () => {
    const store = open();
    const created = store.create(newVllmDraft('Qwen/Qwen2-7B-Instruct'));
    expect(created.id).toMatch(/^qwen2-7b-instruct-[0-9a-f]{6}$/);
    store.update(created.id, { ...newVllmDraft('Qwen/Qwen2-7B-Instruct'), gpuMemoryUtilization: 0.55 });
    expect(open().get(created.id)?.engine === 'vllm' && open().get(created.id)).toMatchObject({ gpuMemoryUtilization: 0.55, createdAt: created.createdAt });
    store.delete(created.id);
    expect(open().list()).toEqual([]);
  });

  it('leaves out a profile that no longer validates, names it, and keeps the original file', () => {
    const good = { ...newVllmDraft('Qwen/Qwen3-4B-Instruct-2507'), id: 'good-000001', createdAt: 1, updatedAt: 1 };
    const bad = { ...newVllmDraft('Qwen/Qwen2-7B-Instruct'), name: 'Broken', gpuMemoryUtilization: 3, id: 'bad-000002', createdAt: 1, updatedAt: 1 };
    writeFileSync(join(dir.path, 'profiles.json'), JSON.stringify({ version: 1, profiles: [good, bad] }));
    const store = open();
    expect(store.list().map((p) => p.id)).toEqual(['good-000001']);
    expect(center.list()[0]!.message).toMatch(/"Broken" \(gpuMemoryUtilization: gpu-memory-utilization is a fraction of the GPU: at most 1\)/);
    const copy = readdirSync(dir.path).find((name) => name.startsWith('profiles.invalid-'))!;
    expect(JSON.parse(readFileSync(join(dir.path, copy), 'utf8')).profiles).toHaveLength(2);
  });

  it('moves an unreadable file aside and starts empty, saying where it went', () => {
    writeFileSync(join(dir.path, 'profiles.json'), '{"version":1,"profiles":[{');
    expect(open().list()).toEqual([]);
    expect(center.list()[0]!.message).toMatch(/could not be read.*profiles\.corrupt-.*\.json/);
  });

  it('refuses bad drafts with a message naming the field, and refuses deleting a running profile', async () => {
    const harness = createHarness(dir.path);
    try {
      const invalid = await harness.services.dispatch('profiles.create', { draft: { ...newVllmDraft('x/y'), extraArgs: ['--port', '9000'] } });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-request', issues: [{ path: 'draft.extraArgs.0', message: expect.stringContaining('--port is set by Pairwise') }] } });
      const tp = await harness.services.dispatch('profiles.create', { draft: { ...newVllmDraft('x/y'), tensorParallelSize: 2 } });
      expect(tp).toMatchObject({ ok: false, error: { issues: [{ path: 'draft.tensorParallelSize' }] } });

      const profile = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507'));
      await harness.services.engines.launch(profile.id);
      const refused = await harness.services.dispatch('profiles.delete', { id: profile.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Stop') } });
      await harness.services.engines.stop(profile.id);
      expect(await harness.services.dispatch('profiles.delete', { id: profile.id })).toMatchObject({ ok: true });
      const presets = await harness.services.dispatch('profiles.presets', {});
      expect((presets as { value: { source: string }[] }).value.map((p) => p.source)).toEqual(['Qwen/Qwen3-4B-Instruct-2507', 'Qwen/Qwen2-7B-Instruct']);
    } finally {
      await harness.dispose();
    }
  });
});
