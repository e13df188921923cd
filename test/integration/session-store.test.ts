// The session store on real files and real processes: create, append and reload; a torn last line and a damaged
// middle line; rename, trash and restore; the current pointer; import and a byte-identical re-export; a second
// Pairwise process on the same folder; and a disk that really fills up (a 256 KB tmpfs in a user namespace).
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../../electron/services/sessions/session-store';
import type { OpenSession } from '../../electron/services/sessions/session-types';
import type { SessionRecord, VoteRecord } from '../../electron/shared/sessions';
import { seededRandom } from '../support/seeded-random';
import { buildComparison, buildHeader, buildSessionRecords, buildVote, toJsonl } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';

const WRITER_SOURCE = fileURLToPath(new URL('../fixtures/session-writer/store-writer.ts', import.meta.url));

async function exportOf(session: OpenSession): Promise<string> {
  let text = '';
  for await (const record of session.records()) text += `${JSON.stringify(record)}\n`;
  return text;
}

/** Runs the store writer to its end; resolves with its stdout lines. */
function runWriter(command: string[], args: string[]): Promise<{ lines: string[]; code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => resolve({ lines: out.split('\n').filter(Boolean), code, err }));
  });
}

let bundleDir: Awaited<ReturnType<typeof makeTempDir>>;
let writer: string;
beforeAll(async () => {
  bundleDir = await makeTempDir();
  writer = join(bundleDir.path, 'store-writer.mjs');
  const bundle = await rolldown({ input: WRITER_SOURCE, platform: 'node', logLevel: 'silent' });
  await bundle.write({ file: writer, format: 'esm' });
});
afterAll(async () => {
  await bundleDir?.remove();
});

describe('the session store', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let folder: string;
  let store: SessionStore;
  beforeEach(async () => {
    dir = await makeTempDir();
    folder = join(dir.path, 'sessions');
    store = new SessionStore({ folder });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  const records = buildSessionRecords(40, { seed: 21, undoRate: 0.2, editRate: 0.3 });
  const header = records[0] as Extract<SessionRecord, { type: 'session' }>;

  async function created(): Promise<OpenSession> {
    const session = await store.create(header);
    for (const record of records.slice(1)) await session.append(record);
    return session;
  }

  it('creates a session, appends to it, and loads the same state after a restart', async () => {
    const session = await created();
    expect(await readFile(join(folder, `${header.id}.jsonl`), 'utf8')).toBe(toJsonl(records));
    const comparison = records.find((r) => r.type === 'comparison')!;
    expect(await session.comparison(comparison.id)).toEqual(comparison);
    const before = { summary: session.summary(), history: session.history({ sessionId: header.id, offset: 0, limit: 500 }), last: session.lastVote() };
    await store.close();
    const again = await new SessionStore({ folder }).open(header.id);
    expect({ summary: again.summary(), history: again.history({ sessionId: header.id, offset: 0, limit: 500 }), last: again.lastVote() }).toEqual(before);
    expect(again.notices).toEqual([]);
    expect(await store.create(header).catch((e: unknown) => e)).toMatchObject({ code: 'conflict' });
    const rated = [];
    for await (const r of again.rated()) rated.push(r);
    expect(rated.map((r) => r.comparison)).toEqual(records.filter((r) => r.type === 'comparison'));
    await (again as unknown as { close(): Promise<void> }).close();
  });

  it('refuses records that do not fit, and says what is wrong', async () => {
    const session = await created();
    await expect(session.append({ type: 'undo', at: header.at, voteId: 'f0000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/not in this session/) });
    await expect(session.append({ type: 'vote', at: header.at } as unknown as VoteRecord)).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(store.open('../../etc/passwd')).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(store.open('f0000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/trash/) });
  });

  it('drops a torn last line with a notice, and skips a damaged middle line and reports it', async () => {
    await created();
    await store.close();
    const file = join(folder, `${header.id}.jsonl`);
    const lines = toJsonl(records).split('\n');
    // The third: a comparison naming a model this two-model session does not have (History would fail on it).
    const stranger = { ...records.find((r) => r.type === 'comparison')!, id: 'e0000000-0000-4000-8000-000000000000', mapping: { left: 0, right: 5 } };
    lines.splice(5, 0, '{"type":"vote","at":"broken"}', 'not json at all', JSON.stringify(stranger));
    await writeFile(file, `${lines.join('\n')}{"type":"vote","id":"torn`);
    const session = await new SessionStore({ folder }).open(header.id);
    expect(session.notices).toEqual([expect.stringMatching(/last line .* was cut short/), expect.stringMatching(/3 damaged lines .* \(line 6, 7, 8\) were skipped/)]);
    expect(session.hasComparison(stranger.id)).toBe(false);
    expect(await exportOf(session)).toBe(toJsonl(records));
    await (session as unknown as { close(): Promise<void> }).close();
  });

  it('refuses a file whose first line is not a session header, with a clear message', async () => {
    await mkdir(folder, { recursive: true });
    const id = 'a0000000-0000-4000-8000-000000000000';
    await writeFile(join(folder, `${id}.jsonl`), toJsonl(records.slice(1)));
    await expect(store.open(id)).rejects.toMatchObject({ code: 'io-error', message: expect.stringMatching(/is not a session Pairwise can open: its first line is not a session header \(the first record is a "server" record/) });
    expect(await store.list()).toEqual([]);
  });

  it('renames, trashes (releasing the lock) and restores, and keeps the current pointer', async () => {
    await created();
    expect((await store.rename(header.id, '新しい名前, "renamed"')).name).toBe('新しい名前, "renamed"');
    await store.setCurrent(header.id);
    expect(await store.current()).toBe(header.id);
    expect(await new SessionStore({ folder }).current()).toBe(header.id);
    expect((await store.list()).map((s) => s.id)).toEqual([header.id]);
    await store.trash(header.id);
    expect(await readdir(folder)).not.toContain(`${header.id}.jsonl.lock`);
    expect(await store.list()).toEqual([]);
    expect(await store.current()).toBeNull();
    expect(await store.list({ trashed: true })).toEqual([expect.objectContaining({ id: header.id, name: '新しい名前, "renamed"', trashed: true, comparisons: 40 })]);
    await expect(store.open(header.id)).rejects.toMatchObject({ code: 'not-found' });
    const restored = await store.restore(header.id);
    expect(restored).toMatchObject({ id: header.id, trashed: false, comparisons: 40 });
    await expect(store.restore(header.id)).rejects.toMatchObject({ code: 'not-found' });
    await store.setCurrent(null);
    expect(await store.current()).toBeNull();
  });

  it('imports an export byte for byte, refuses a duplicate, and imports as a copy under a new id', async () => {
    const jsonl = toJsonl(records);
    const summary = await store.import(jsonl);
    expect(summary).toMatchObject({ id: header.id, comparisons: 40 });
    expect(await readFile(join(folder, `${header.id}.jsonl`), 'utf8')).toBe(jsonl);
    const session = await store.open(header.id);
    expect(await exportOf(session)).toBe(jsonl);
    await expect(store.import(jsonl)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/import as a copy/) });
    const copy = await store.import(jsonl, { asCopy: true });
    expect(copy.id).not.toBe(header.id);
    const copied = await exportOf(await store.open(copy.id));
    expect(copied.split('\n').slice(1)).toEqual(jsonl.split('\n').slice(1));
    expect(JSON.parse(copied.split('\n')[0]!)).toEqual({ ...header, id: copy.id });
  });

  it('refuses an invalid import whole, naming the line', async () => {
    const lines = toJsonl(records).split('\n');
    const broken = [...lines.slice(0, 3), '{"type":"vote"}', ...lines.slice(3)].join('\n');
    await expect(store.import(broken)).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/line 4 is not a "vote" record.*Nothing was imported/) });
    await expect(store.import(toJsonl(records.slice(1)))).rejects.toMatchObject({ message: expect.stringMatching(/line 1 is the first record is a "server" record/) });
    const orphan = buildVote(seededRandom(1), buildComparison(seededRandom(2), { at: header.at, servers: { 0: 'a', 1: 'b' }, settings: header.settings }), [], { at: header.at });
    await expect(store.import(toJsonl([header, orphan]))).rejects.toMatchObject({ message: expect.stringMatching(/line 2 does not fit the lines before it \(comparison .* is not in this session\)/) });
    expect(await store.list()).toEqual([]);
  });

  it('makes a second process on the same folder read-only, with the reason, and nothing interleaves', async () => {
    const session = await created();
    const probe = await runWriter([process.execPath, writer], ['probe', folder, header.id]);
    expect(probe.err).toBe('');
    expect(JSON.parse(probe.lines[0]!.slice('open '.length))).toEqual({ readOnly: expect.stringMatching(/Another Pairwise process has this session open for writing/), comparisons: 40 });
    expect(probe.lines[1]).toMatch(/^append read-only Another Pairwise process/);
    await (session as unknown as { close(): Promise<void> }).close();
    await store.close();

    // Now the other process writes, and this one is the read-only one while it does.
    const child = spawn(process.execPath, [writer, 'write', folder, header.id, '300'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => ((out += chunk.toString()), out.includes('ack 0\n') && resolve())));
    const second = new SessionStore({ folder });
    const mine = await second.open(header.id);
    expect(mine.readOnly).toMatch(/Another Pairwise process has this session open for writing/);
    await expect(mine.append({ type: 'renamed', at: header.at, name: 'parent' })).rejects.toMatchObject({ code: 'read-only' });
    await second.close();
    child.stdin.end();
    const code = await exited;
    const lines = out.split('\n').filter(Boolean);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(lines).toHaveLength(301);
    expect(JSON.parse(lines[0]!.slice('open '.length))).toEqual({ readOnly: null });
    const text = await readFile(join(folder, `${header.id}.jsonl`), 'utf8');
    const names = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as SessionRecord).filter((r) => r.type === 'renamed').map((r) => (r as { name: string }).name);
    expect(names).toEqual(Array.from({ length: 300 }, (_, i) => `child ${i}`));
    const reloaded = await new SessionStore({ folder }).open(header.id);
    expect(reloaded.notices).toEqual([]);
    expect(reloaded.name).toBe('child 299');
    await (reloaded as unknown as { close(): Promise<void> }).close();
  });
});

describe('a session on a disk that fills up', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  const probe = spawnSync('unshare', ['--mount', '--map-root-user', 'sh', '-c', 'mount -t tmpfs -o size=16k tmpfs /tmp && echo ok'], { encoding: 'utf8' });
  const unshareWorks = probe.stdout?.trim() === 'ok';
  if (!unshareWorks) console.warn(`skipping the full-disk test: unshare --mount --map-root-user is not available here (${(probe.stderr || probe.error?.message || 'no output').trim()})`);

  it.runIf(unshareWorks)('rejects the append with disk-full and a sentence saying to free space, and keeps every acknowledged vote', async () => {
    const small = join(dir.path, 'small');
    await mkdir(small);
    const seed = join(dir.path, 'seed.jsonl');
    const random = seededRandom(3);
    const header = buildHeader(random);
    await writeFile(seed, toJsonl([header, buildComparison(random, { at: header.at, servers: { 0: 'a', 1: 'b' }, settings: header.settings })]));
    const copy = join(dir.path, 'after.jsonl');
    const script = `mount -t tmpfs -o size=256k tmpfs "$1" && exec "$2" "$3" fill "$1/sessions" "$4" "$5"`;
    const { lines, code, err } = await runWriter(['unshare', '--mount', '--map-root-user', 'sh', '-c', script, 'sh'], [small, process.execPath, writer, seed, copy]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const acked = lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));
    expect(acked.length).toBeGreaterThan(100);
    const failure = lines.find((l) => l.startsWith('error '));
    expect(failure).toMatch(/^error disk-full The disk holding .* is full, so the vote was not saved\. Free some space, then save it again/);
    expect(lines).toContain('retry disk-full');
    expect(lines.at(-1)).toBe('copied');

    // The file as the full disk left it, loaded by a fresh store: every acknowledged vote, no damaged line.
    const folder = join(dir.path, 'reloaded');
    await mkdir(folder);
    await appendFile(join(folder, `${header.id}.jsonl`), await readFile(copy));
    const session = await new SessionStore({ folder }).open(header.id);
    expect(session.notices).toEqual([]);
    const saved = new Set<string>();
    for await (const record of session.records()) if (record.type === 'vote') saved.add(record.id);
    expect(acked.filter((id) => !saved.has(id))).toEqual([]);
    expect(saved.size).toBe(acked.length);
    await (session as unknown as { close(): Promise<void> }).close();
  });
});
