// The index snapshot beside a session file (<id>.index), on real files: written when a load parsed many records,
// used on the next open (the records after it parsed), and ignored whenever it does not fit the file: another
// format, a shorter file, a changed prefix, a damaged snapshot. A torn tail and damaged lines behave as without it.
// The trash and restore carry it along; an import never inherits one. Lists and reads take no lock.
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionLog } from '../../electron/services/sessions/session-log';
import { SessionStore } from '../../electron/services/sessions/session-store';
import type { OpenSession } from '../../electron/services/sessions/session-types';
import type { StoredSession } from '../../electron/services/sessions/stored-session';
import type { SessionHeaderRecord, SessionRecord } from '../../electron/shared/sessions';
import { buildSessionRecords, toJsonl } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';

/** Everything a session shows, folds and exports. */
async function stateOf(session: OpenSession) {
  let exported = '';
  for await (const record of session.records()) exported += `${JSON.stringify(record)}\n`;
  const rated: unknown[] = [];
  for await (const r of session.rated()) rated.push(r);
  const history = session.history({ sessionId: session.id, offset: 0, limit: 100_000 });
  const ids = history.items.map((i) => i.comparisonId);
  return {
    summary: session.summary(),
    notices: session.notices,
    history,
    searches: ['the', 'é', '日本', 'zz-nothing'].map((text) => session.history({ sessionId: session.id, text, offset: 0, limit: 100_000 }).items.map((i) => i.comparisonId)),
    votes: ids.map((id) => [session.voteOf(id), session.everVoted(id)]),
    lastVote: session.lastVote(),
    left: session.conversationMappings(),
    servers: [session.latestServer(0), session.latestServer(1)],
    first: await session.comparison(ids.at(-1)!),
    exported,
    rated,
  };
}

const covered = (session: OpenSession): number => (session as StoredSession).snapshotCovered;

describe('the index snapshot', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let folder: string;
  const records = buildSessionRecords(700, { seed: 33, undoRate: 0.2, editRate: 0.3, text: { tricky: true } });
  const header = records[0] as SessionHeaderRecord;
  let file: string;
  let snapshot: string;

  beforeEach(async () => {
    dir = await makeTempDir();
    folder = join(dir.path, 'sessions');
    file = join(folder, `${header.id}.jsonl`);
    snapshot = join(folder, `${header.id}.index`);
  });
  afterEach(async () => {
    await dir.remove();
  });

  /** The session as the file alone gives it: loaded read-only with the snapshot moved away. */
  async function coldState(id = header.id): Promise<Awaited<ReturnType<typeof stateOf>>> {
    const aside = join(dir.path, 'aside.index');
    const had = await rename(snapshot, aside).then(
      () => true,
      () => false,
    );
    const reader = new SessionStore({ folder, readOnly: true });
    const session = await reader.open(id);
    expect(covered(session)).toBe(0);
    const state = await stateOf(session);
    await reader.close();
    if (had) await rename(aside, snapshot);
    return state;
  }

  /** Imports the records and closes the store: a load of all of them, so the close writes the snapshot. */
  async function imported(lines: readonly SessionRecord[] = records): Promise<void> {
    const store = new SessionStore({ folder });
    await store.import(toJsonl(lines));
    await store.close();
  }

  it('is written at close after a load that parsed the whole file, and gives the same session on the next open', async () => {
    await imported();
    expect((await stat(snapshot)).size).toBeGreaterThan(0);
    expect((await readdir(folder)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const store = new SessionStore({ folder });
    const session = await store.open(header.id);
    expect(covered(session)).toBe((await stat(file)).size);
    expect(await stateOf(session)).toEqual(await coldState());
    await store.close();
  });

  it('parses only the records after it, and a later load with many of them writes a new one', async () => {
    const records = buildSessionRecords(1400, { seed: 34, undoRate: 0.2, editRate: 0.3 });
    const header = records[0] as SessionHeaderRecord;
    file = join(folder, `${header.id}.jsonl`);
    snapshot = join(folder, `${header.id}.index`);
    expect(records.length).toBeGreaterThan(2400);
    await imported(records.slice(0, 1200));
    const first = (await stat(file)).size;
    let store = new SessionStore({ folder });
    let session = await store.open(header.id);
    expect(covered(session)).toBe(first);
    for (const record of records.slice(1200, 1300)) await session.append(record);
    await store.close();
    // 100 records after it: not enough for a new snapshot.
    store = new SessionStore({ folder });
    session = await store.open(header.id);
    expect(covered(session)).toBe(first);
    expect(await stateOf(session)).toEqual(await coldState(header.id));
    for (const record of records.slice(1300)) await session.append(record);
    await store.close();
    // Over a thousand after it: the close wrote a new one, covering the whole file.
    store = new SessionStore({ folder });
    session = await store.open(header.id);
    expect(covered(session)).toBe((await stat(file)).size);
    expect(await stateOf(session)).toEqual(await coldState(header.id));
    await store.close();
  });

  it('is ignored when any byte of the prefix it covers changed, when the file is shorter, or of another format, or damaged', async () => {
    await imported();
    const good = await readFile(snapshot);
    const bytes = await readFile(file);
    const reopen = async () => {
      const store = new SessionStore({ folder, readOnly: true });
      const session = await store.open(header.id);
      const state = { covered: covered(session), state: await stateOf(session) };
      await store.close();
      return state;
    };

    // One character of an answer in the middle, same length: only the whole-prefix hash can see it.
    const middle = bytes.indexOf('"content":"', Math.floor(bytes.length / 2)) + '"content":"'.length;
    const changed = Buffer.from(bytes);
    changed[middle] = changed[middle] === 0x41 ? 0x42 : 0x41;
    await writeFile(file, changed);
    expect(await reopen()).toEqual({ covered: 0, state: await coldState() });
    expect((await reopen()).state.history.items.some((i) => i.sides.left.preview.includes(String.fromCharCode(changed[middle]!)))).toBe(true);

    // Shorter than what it covers.
    await writeFile(file, bytes.subarray(0, bytes.lastIndexOf(0x0a, bytes.length - 2) + 1));
    expect(await reopen()).toEqual({ covered: 0, state: await coldState() });
    await writeFile(file, bytes);
    expect((await reopen()).covered).toBe(bytes.length);

    // Another format version.
    const other = Buffer.from(good);
    other.writeUInt32LE(other.readUInt32LE(8) + 1, 8);
    await writeFile(snapshot, other);
    expect((await reopen()).covered).toBe(0);

    // A damaged byte inside it (its checksum catches it), and one cut short.
    const damaged = Buffer.from(good);
    const at = Math.floor(damaged.length / 2);
    damaged[at] = damaged[at]! ^ 0xff;
    await writeFile(snapshot, damaged);
    expect(await reopen()).toEqual({ covered: 0, state: await coldState() });
    await writeFile(snapshot, good.subarray(0, good.length - 100));
    expect((await reopen()).covered).toBe(0);
    await writeFile(snapshot, 'not a snapshot');
    expect((await reopen()).covered).toBe(0);

    // A writer that found it unusable writes a good one again when it closes.
    const store = new SessionStore({ folder });
    expect(covered(await store.open(header.id))).toBe(0);
    await store.close();
    expect((await reopen()).covered).toBe(bytes.length);
  });

  it('keeps the torn-tail and damaged-line rules: a torn tail beyond it is dropped (and cut only by a writer), damaged lines keep their numbers', async () => {
    const lines = toJsonl(records).split('\n');
    lines.splice(4, 0, 'not json, in the prefix');
    // The file with a damaged line in the prefix, loaded once by a writer (which writes the snapshot at close).
    await mkdir(folder, { recursive: true });
    await writeFile(file, lines.join('\n'));
    let store = new SessionStore({ folder });
    let session = await store.open(header.id);
    expect(session.notices).toEqual([expect.stringMatching(/1 damaged line .* \(line 5\) was skipped/)]);
    await store.close();
    expect(await stat(snapshot).then(() => true)).toBe(true);

    // A damaged line and a torn line after what the snapshot covers.
    await appendFile(file, 'also not json\n{"type":"renamed","at":"2030-01-01T00:00:00.000Z","na');
    const size = (await stat(file)).size;
    const expected = [expect.stringMatching(/last line .* was cut short/), expect.stringMatching(new RegExp(`2 damaged lines .* \\(line 5, ${lines.length}\\) were skipped`))];
    const reader = new SessionStore({ folder });
    const read = await reader.openForReading(header.id);
    expect(covered(read)).toBeGreaterThan(0);
    expect(read.notices).toEqual(expected);
    expect((await stat(file)).size).toBe(size);
    await reader.close();

    store = new SessionStore({ folder });
    session = await store.open(header.id);
    expect(covered(session)).toBeGreaterThan(0);
    expect(session.notices).toEqual(expected);
    expect((await stat(file)).size).toBeLessThan(size);
    const state = await stateOf(session);
    await store.close();
    // The file as the writer left it (the torn tail cut): the same session, without the torn-line notice.
    expect({ ...state, notices: state.notices.slice(1) }).toEqual(await coldState());
  });

  it('goes to the trash and back with its session, and an import never takes over one left under its id', async () => {
    await imported();
    const store = new SessionStore({ folder });
    await store.trash(header.id);
    expect(await readdir(folder)).not.toContain(`${header.id}.index`);
    expect(await readdir(join(folder, 'trash'))).toContain(`${header.id}.index`);
    expect(await store.list({ trashed: true })).toEqual([expect.objectContaining({ id: header.id, comparisons: 700 })]);
    await store.restore(header.id);
    expect(await readdir(join(folder, 'trash'))).not.toContain(`${header.id}.index`);
    expect(covered(await store.open(header.id))).toBe((await stat(file)).size);
    await store.close();

    // The session file removed by hand, its snapshot left behind; an import under the same id starts clean.
    await rm(file);
    const before = (await stat(snapshot)).mtimeMs;
    const other = records.slice(0, 200);
    const again = new SessionStore({ folder });
    await again.import(toJsonl(other));
    expect(covered(await again.open(header.id))).toBe(0);
    expect((await again.open(header.id)).comparisonCount).toBeLessThan(700);
    await again.close();
    expect(await stat(snapshot).then((s) => s.mtimeMs !== before, () => true)).toBe(true);
  });
});

describe('reading sessions without their lock', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let folder: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    folder = join(dir.path, 'sessions');
  });
  afterEach(async () => {
    await dir.remove();
  });

  const a = buildSessionRecords(30, { seed: 41 });
  const b = buildSessionRecords(20, { seed: 42 });
  const idOf = (records: SessionRecord[]) => (records[0] as SessionHeaderRecord).id;
  const fileOf = (records: SessionRecord[]) => join(folder, `${idOf(records)}.jsonl`);

  it('lists summaries without locking or keeping the sessions, and sees what another writer appended', async () => {
    await importedAll(a, b);
    const lister = new SessionStore({ folder });
    const listed = await lister.list();
    expect(listed.map((s) => [s.id, s.comparisons]).sort()).toEqual([
      [idOf(a), 30],
      [idOf(b), 20],
    ].sort());
    expect(await lockfile.check(fileOf(a), { realpath: false })).toBe(false);
    expect(await lockfile.check(fileOf(b), { realpath: false })).toBe(false);

    // Another store (another process, as far as the files go) writes one of them; the list still reads it.
    const writer = new SessionStore({ folder });
    const session = await writer.open(idOf(a));
    expect(session.readOnly).toBeNull();
    await session.append({ type: 'renamed', at: '2031-01-01T00:00:00.000Z', name: 'renamed elsewhere' });
    expect((await lister.list()).find((s) => s.id === idOf(a))).toMatchObject({ name: 'renamed elsewhere', updatedAt: '2031-01-01T00:00:00.000Z' });
    const read = await lister.openForReading(idOf(a));
    expect(read.readOnly).toMatch(/only to be read/);
    await expect(read.append({ type: 'renamed', at: '2031-01-01T00:00:00.000Z', name: 'no' })).rejects.toMatchObject({ code: 'read-only' });
    await writer.close();
    await lister.close();
  });

  /** Imports and lets go of the files, as another process that has gone would. */
  async function importedAll(...sessions: SessionRecord[][]): Promise<void> {
    const setup = new SessionStore({ folder });
    for (const records of sessions) await setup.import(toJsonl(records));
    await setup.close();
  }

  it('a read-only store (the command line) never locks, writes or cuts a torn tail', async () => {
    await importedAll(a);
    await appendFile(fileOf(a), '{"type":"vote","id":"tor');
    const size = (await stat(fileOf(a))).size;
    const reader = new SessionStore({ folder, readOnly: true });
    const session = await reader.open(idOf(a));
    expect(session.notices).toEqual([expect.stringMatching(/was cut short/)]);
    expect(await lockfile.check(fileOf(a), { realpath: false })).toBe(false);
    await expect(session.append({ type: 'renamed', at: '2031-01-01T00:00:00.000Z', name: 'no' })).rejects.toMatchObject({ code: 'read-only' });
    await reader.close();
    expect((await stat(fileOf(a))).size).toBe(size);
    expect(await readdir(folder)).not.toContain(`${idOf(a)}.index`);
  });

  it('a session read-only because another writer held it becomes writable once that writer has gone, with what it wrote', async () => {
    await importedAll(a);
    const first = new SessionStore({ folder });
    const holder = await first.open(idOf(a));
    const second = new SessionStore({ folder });
    const waiting = await second.open(idOf(a));
    expect(waiting.readOnly).toMatch(/Another Pairwise process has this session open for writing/);
    expect(waiting.notices).toEqual([expect.stringMatching(/Another Pairwise process/)]);
    await expect(waiting.append({ type: 'renamed', at: '2031-01-01T00:00:00.000Z', name: 'too early' })).rejects.toMatchObject({ code: 'read-only' });
    await holder.append({ type: 'renamed', at: '2031-01-02T00:00:00.000Z', name: 'by the first' });
    await appendFile(fileOf(a), '{"type":"renamed","at":"2031-01-03T00:00:00.000Z","name":"torn');
    await first.close();

    await waiting.append({ type: 'renamed', at: '2031-01-04T00:00:00.000Z', name: 'by the second' });
    expect(waiting.readOnly).toBeNull();
    expect(waiting.notices).toEqual([expect.stringMatching(/was cut short/)]);
    expect(waiting.name).toBe('by the second');
    await second.close();
    const text = await readFile(fileOf(a), 'utf8');
    expect(text.endsWith('"name":"by the first"}\n{"type":"renamed","at":"2031-01-04T00:00:00.000Z","name":"by the second"}\n')).toBe(true);
    const reloaded = await new SessionStore({ folder, readOnly: true }).open(idOf(a));
    expect(reloaded.notices).toEqual([]);
    expect(reloaded.name).toBe('by the second');
  });
});

describe('a lock lost while the log is open', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('makes the log read-only with a sentence saying why, instead of throwing in a timer', async () => {
    const file = join(dir.path, 'session.jsonl');
    const { log } = await SessionLog.open(file, () => undefined, { lock: { staleMs: 2000, updateMs: 1000 } });
    await log.append({ type: 'vote', seq: 1 });
    // Someone else removes the lock (a second process that judged it stale, a cleanup tool).
    await rm(`${file}.lock`, { recursive: true, force: true });
    const deadline = Date.now() + 6000;
    while (log.readOnlyReason === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(log.readOnlyReason).toMatch(/The lock on .* was lost while Pairwise had the session open/);
    expect(log.laterNotices).toEqual([log.readOnlyReason]);
    await expect(log.append({ type: 'vote', seq: 2 })).rejects.toMatchObject({ code: 'read-only', message: expect.stringMatching(/was lost/) });
    await log.close();
    expect(await readFile(file, 'utf8')).toBe('{"type":"vote","seq":1}\n');
  }, 15_000);

  it('a session whose lock was lost says so in its notices and refuses votes with the reason', async () => {
    const folder = join(dir.path, 'sessions');
    const records = buildSessionRecords(5, { seed: 44 });
    const id = (records[0] as SessionHeaderRecord).id;
    const store = new SessionStore({ folder });
    await store.import(toJsonl(records));
    const session = await store.open(id);
    expect(session.notices).toEqual([]);
    await rm(join(folder, `${id}.jsonl.lock`), { recursive: true, force: true });
    // proper-lockfile refreshes the lock every 5 s (half its 10 s staleness): that is when it finds it gone.
    const deadline = Date.now() + 9000;
    while (session.readOnly === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(session.readOnly).toMatch(/was lost/);
    expect(session.notices).toEqual([session.readOnly]);
    await expect(session.append({ type: 'renamed', at: '2031-01-01T00:00:00.000Z', name: 'lost' })).rejects.toMatchObject({ code: 'read-only', message: expect.stringMatching(/was lost/) });
    await store.close();
  }, 15_000);
});
