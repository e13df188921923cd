// Prompt sets on real files in a temp data folder: import → list → get → delete, newest first, a damaged file
// left out and reported once, no temp file left behind, ids that never collide, the data folder asked at each
// call, the handlers, and the sample set that ships in resources/.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../electron/shared/errors';
import { promptSetIdSchema, type PromptSetSummary } from '../../electron/shared/prompt-sets';
import { promptSetHandlers } from '../../electron/services/prompt-sets/prompt-set-handlers';
import { PromptSetStore, SAMPLE_SET_NAME, SAMPLE_SOURCE, promptSetsFolderIn, slugOf } from '../../electron/services/prompt-sets/prompt-set-store';
import { makeTempDir } from '../support/temp-dir';

const CSV = [
  'prompt,category,reference,key_points',
  'Did Einstein win the Nobel Prize for relativity?,knowledge,"No, for the photoelectric effect",1921;photoelectric',
  '"If all cats can fly and Tom is a cat, can Tom fly?",reasoning,,',
  '"Summarise:\nA long text.",summary,,main point|second point',
].join('\r\n');

const JSONL = `${JSON.stringify({ prompt: 'one', category: 'a' })}\n${JSON.stringify({ prompt: 'two', category: 'a' })}\n{"prompt": "thr`;

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe('the prompt set store', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let problems: string[];
  let clock: number;
  let store: PromptSetStore;
  let folder: string;

  beforeEach(async () => {
    dir = await makeTempDir('pairwise-prompt-sets-');
    problems = [];
    clock = Date.parse('2026-03-01T10:00:00.000Z');
    store = new PromptSetStore({ dataFolder: () => dir.path, onProblem: (message) => problems.push(message), now: () => new Date((clock += 1000)) });
    folder = promptSetsFolderIn(dir.path);
  });
  afterEach(() => dir.remove());

  it('imports, lists newest first, gets and deletes sets', async () => {
    const first = await store.import({ name: 'Knowledge QA — Été 2026', format: 'csv', text: CSV, fileName: '/home/me/sets/study.csv' });
    expect(first.warnings).toEqual([]);
    expect(first.set).toEqual<PromptSetSummary>({
      id: expect.stringMatching(/^knowledge-qa-ete-2026-[a-z0-9]{6}$/),
      name: 'Knowledge QA — Été 2026',
      createdAt: '2026-03-01T10:00:01.000Z',
      source: 'study.csv',
      items: 3,
      categories: [
        { category: 'knowledge', count: 1 },
        { category: 'reasoning', count: 1 },
        { category: 'summary', count: 1 },
      ],
      withKeyPoints: 2,
      withReference: 1,
    });
    const second = await store.import({ name: '  推理题  ', format: 'jsonl', text: JSONL, fileName: 'C:\\Users\\me\\more.jsonl' });
    expect(second.warnings).toEqual(['line 3: cut off (the file ends in the middle of it); skipped.']);
    expect(second.set).toMatchObject({ id: expect.stringMatching(/^set-[a-z0-9]{6}$/), name: '推理题', source: 'more.jsonl', items: 2, categories: [{ category: 'a', count: 2 }] });
    for (const { set } of [first, second]) expect(promptSetIdSchema.safeParse(set.id).success).toBe(true);

    expect(await store.list()).toEqual([second.set, first.set]);
    const set = await store.get(first.set.id);
    expect(set).toMatchObject({ id: first.set.id, name: first.set.name, createdAt: first.set.createdAt, source: 'study.csv' });
    expect(set.items.map((item) => [item.id, item.category, item.keyPoints])).toEqual([
      ['2', 'knowledge', ['1921', 'photoelectric']],
      ['3', 'reasoning', []],
      ['4', 'summary', ['main point', 'second point']],
    ]);
    expect(set.items[2]!.prompt).toBe('Summarise:\nA long text.');

    expect(await store.delete(first.set.id)).toEqual({ deleted: first.set.id });
    expect(await store.list()).toEqual([second.set]);
    expect((await rejection(store.get(first.set.id))).code).toBe('not-found');
    expect((await rejection(store.delete(first.set.id))).code).toBe('not-found');
    expect(problems).toEqual([]);
  });

  it('writes one JSON file per set and leaves no temp file behind', async () => {
    const { set } = await store.import({ name: 'Files', format: 'csv', text: CSV, fileName: 'f.csv' });
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.import({ name: 'Files', format: 'jsonl', text: `{"prompt": "p${i}"}\n`, fileName: 'g.jsonl' })));
    const names = await readdir(folder);
    expect(names).toHaveLength(9);
    expect(names.every((name) => /^files-[a-z0-9]{6}\.json$/.test(name))).toBe(true);
    const stored = JSON.parse(await readFile(join(folder, `${set.id}.json`), 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ version: 1, id: set.id, name: 'Files', source: 'f.csv' });
    expect(await store.list()).toHaveLength(9);
  });

  it('writes nothing for a file it refuses', async () => {
    const error = await rejection(store.import({ name: 'Bad', format: 'csv', text: 'text,label\nhello,x\n', fileName: 'bad.csv' }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(/^This CSV file has no prompt column\. Its first row has the columns "text", "label"\./);
    expect(existsSync(folder) ? await readdir(folder) : []).toEqual([]);
  });

  it('leaves a damaged file out of the list, reports it once, and still lists the others', async () => {
    const { set } = await store.import({ name: 'Good', format: 'jsonl', text: '{"prompt": "fine"}\n', fileName: 'good.jsonl' });
    const good = await readFile(join(folder, `${set.id}.json`), 'utf8');
    await writeFile(join(folder, 'torn-abc123.json'), good.slice(0, 40));
    await writeFile(join(folder, 'wrong-shape-abc123.json'), JSON.stringify({ version: 1, id: 'wrong-shape-abc123', name: 'x' }));
    await writeFile(join(folder, 'other-id-abc123.json'), good);
    await writeFile(join(folder, 'Not A Set.json'), 'ignored: not a set id');
    await writeFile(join(folder, '.good.json.1234.tmp'), 'ignored: a temp file');
    await mkdir(join(folder, 'folder-abc123.json'));

    expect((await store.list()).map((summary) => summary.id)).toEqual([set.id]);
    expect(problems).toHaveLength(3);
    expect(problems.find((message) => message.includes('torn-abc123.json'))).toMatch(/cannot be read \(it is not valid JSON: the file is damaged\), so it is not listed\. Import the set again/);
    expect(problems.find((message) => message.includes('wrong-shape-abc123.json'))).toMatch(/it is not a prompt set of this version of Pairwise: createdAt/);
    expect(problems.find((message) => message.includes('other-id-abc123.json'))).toMatch(/its id is "good-[a-z0-9]{6}", not its file name/);

    await store.list();
    expect(problems).toHaveLength(3);
    const error = await rejection(store.get('torn-abc123'));
    expect(error.code).toBe('io-error');
    expect(error.message).toMatch(/torn-abc123\.json cannot be read: it is not valid JSON: the file is damaged\. Import the set again/);
  });

  it('answers not-found for an id that is not a set id', async () => {
    for (const id of ['../settings', 'UPPER', '', 'a/b']) {
      expect((await rejection(store.get(id))).code).toBe('not-found');
      expect((await rejection(store.delete(id))).code).toBe('not-found');
    }
  });

  it('asks for the data folder at each call', async () => {
    let current = join(dir.path, 'one');
    const moving = new PromptSetStore({ dataFolder: () => current });
    await moving.import({ name: 'In one', format: 'jsonl', text: '{"prompt": "x"}\n', fileName: 'x.jsonl' });
    current = join(dir.path, 'two');
    expect(await moving.list()).toEqual([]);
    expect(existsSync(join(dir.path, 'one', 'prompt-sets'))).toBe(true);
  });

  it('serves the four channels', async () => {
    const handlers = promptSetHandlers({ store });
    const imported = await handlers['promptSets.import']({ name: 'Via handler', format: 'csv', text: CSV, fileName: 'h.csv' });
    expect(await handlers['promptSets.list']({})).toEqual([imported.set]);
    expect(await handlers['promptSets.delete']({ promptSetId: imported.set.id })).toEqual({ deleted: imported.set.id });
    expect(await handlers['promptSets.list']({})).toEqual([]);
    const sample = promptSetHandlers({ store: new PromptSetStore({ dataFolder: () => dir.path, loadSample: async () => '{"prompt": "from the stand-in"}\n' }) });
    const added = await sample['promptSets.importSample']({});
    expect(added.set).toMatchObject({ name: SAMPLE_SET_NAME, source: SAMPLE_SOURCE, items: 1 });
  });

  it('makes slugs of names', () => {
    expect(slugOf('Knowledge QA (v2)')).toBe('knowledge-qa-v2');
    expect(slugOf('---')).toBe('set');
    expect(slugOf('a'.repeat(100))).toHaveLength(40);
    expect(slugOf(`${'a'.repeat(39)} b`)).toBe('a'.repeat(39));
  });

  it('imports the sample set that ships in resources/prompt-sets/study-sample.jsonl, again as a new set when asked twice', async () => {
    const first = await store.importSample();
    expect(first.warnings).toEqual([]);
    expect(first.set).toMatchObject({ name: SAMPLE_SET_NAME, source: SAMPLE_SOURCE });
    expect(first.set.items).toBeGreaterThan(0);
    expect(first.set.categories.length).toBeGreaterThanOrEqual(3);
    const second = await store.importSample();
    expect(second.set.id).not.toBe(first.set.id);
    expect((await store.list()).map((summary) => summary.id)).toEqual([second.set.id, first.set.id]);
    const set = await store.get(first.set.id);
    expect(set.items.every((item) => item.lang === null || /^(en|zh)/.test(item.lang))).toBe(true);
  });
});
