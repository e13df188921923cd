// The prompt sets on disk: `<data folder>/prompt-sets/<id>.json`, one whole file per set, written durably
// (temp file, fsync, link or rename: sessions/durable-file.ts) and never changed after: a set is imported,
// read and deleted. The id is a slug of the name and a random suffix, so the folder reads well in a file
// manager. A file that cannot be read is left out of the list and reported once (per size and mtime) through
// `onProblem`; it never hides the other sets.
import { randomInt } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ServiceError } from '../../shared/errors';
import {
  MAX_PROMPT_SET_ITEMS,
  importPromptSetSchema,
  promptSetIdSchema,
  promptSetItemSchema,
  type ImportPromptSet,
  type PromptSet,
  type PromptSetImported,
  type PromptSetSummary,
} from '../../shared/prompt-sets';
import { FileExistsError, writeFileDurably } from '../sessions/durable-file';
import { parsePromptSet, type ParsedPromptSet } from './prompt-set-parse';

export const SAMPLE_SET_NAME = 'Study sample (knowledge QA, reasoning, summaries)';
export const SAMPLE_SOURCE = 'sample';
const FILE_VERSION = 1;
const FILE_PATTERN = /^([a-z0-9-]{1,80})\.json$/;
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SLUG_MAX = 40;

/** The prompt sets folder of a data folder. */
export function promptSetsFolderIn(dataFolder: string): string {
  return join(dataFolder, 'prompt-sets');
}

/** The text of resources/prompt-sets/study-sample.jsonl, bundled with the app (loaded when first asked for). */
export async function loadStudySample(): Promise<string> {
  return (await import('../../../resources/prompt-sets/study-sample.jsonl?raw')).default;
}

const storedSetSchema = z
  .object({
    version: z.literal(FILE_VERSION),
    id: promptSetIdSchema,
    name: importPromptSetSchema.shape.name,
    createdAt: z.iso.datetime(),
    source: z.string().max(255),
    items: z.array(promptSetItemSchema).min(1).max(MAX_PROMPT_SET_ITEMS),
  })
  .strict();

/** "Knowledge QA — 2026" → "knowledge-qa-2026"; a name with no Latin letters or digits gives "set". */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'set' : slug;
}

function newId(name: string): string {
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return `${slugOf(name)}-${suffix}`;
}

export function summaryOf(set: PromptSet): PromptSetSummary {
  const counts = new Map<string, number>();
  for (const item of set.items) counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
  return {
    id: set.id,
    name: set.name,
    createdAt: set.createdAt,
    source: set.source,
    items: set.items.length,
    categories: [...counts].map(([category, count]) => ({ category, count })),
    withKeyPoints: set.items.filter((item) => item.keyPoints.length > 0).length,
    withReference: set.items.filter((item) => item.reference !== null).length,
  };
}

/** The file name a set keeps as its source: the last part of the path, without folders. */
function sourceOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop()?.trim() ?? '';
  return base === '' ? 'unnamed file' : base.slice(0, 255);
}

function ioError(what: string, error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ServiceError('io-error', `${what} failed: the disk is full. Free some space, then try again.`);
  return new ServiceError('io-error', `${what} failed (${code ?? (error instanceof Error ? error.message : String(error))}). Check the data folder in Settings, then try again.`);
}

const notFound = (): ServiceError =>
  new ServiceError('not-found', 'That prompt set is not in the data folder (it was deleted, or the data folder changed). Pick another set, or import it again.');

export interface PromptSetStoreOptions {
  /** The data folder in use (the `dataFolder` setting when set, else the app's own); asked at each call. */
  dataFolder: () => string;
  /** Told about a set file that cannot be read (it is left out of the list), once per version of the file. */
  onProblem?: (message: string) => void;
  /** The sample set's JSONL; defaults to the bundled resources/prompt-sets/study-sample.jsonl. */
  loadSample?: () => Promise<string>;
  /** The clock for createdAt; tests set it. */
  now?: () => Date;
}

export class PromptSetStore {
  /** Summaries by path, valid while the file's size and mtime are unchanged (a set file is never rewritten). */
  private readonly summaries = new Map<string, { stamp: string; summary: PromptSetSummary }>();
  /** Damaged files already reported, by path and stamp. */
  private readonly reported = new Set<string>();

  constructor(private readonly options: PromptSetStoreOptions) {}

  get folder(): string {
    return promptSetsFolderIn(this.options.dataFolder());
  }

  private fileOf(id: string): string {
    return join(this.folder, `${id}.json`);
  }

  /** Every readable set, newest first. */
  async list(): Promise<PromptSetSummary[]> {
    const folder = this.folder;
    const names = await readdir(folder).catch((error: { code?: string }) => (error.code === 'ENOENT' ? [] : Promise.reject(ioError(`Reading ${folder}`, error))));
    const summaries: PromptSetSummary[] = [];
    for (const name of names.sort()) {
      const id = FILE_PATTERN.exec(name)?.[1];
      if (id === undefined) continue;
      const summary = await this.fileSummary(join(folder, name), id);
      if (summary) summaries.push(summary);
    }
    return summaries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : 1));
  }

  private async fileSummary(path: string, id: string): Promise<PromptSetSummary | null> {
    let stamp: string;
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      stamp = `${info.size}:${info.mtimeMs}`;
    } catch {
      return null; // deleted meanwhile
    }
    const cached = this.summaries.get(path);
    if (cached?.stamp === stamp) return cached.summary;
    try {
      const summary = summaryOf(await this.readSet(path, id));
      this.summaries.set(path, { stamp, summary });
      return summary;
    } catch (error) {
      const key = `${path}\n${stamp}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        this.options.onProblem?.(`The prompt set file ${path} cannot be read (${(error as Error).message}), so it is not listed. Import the set again, and delete that file.`);
      }
      return null;
    }
  }

  /** Reads and checks a set's file; throws a plain Error saying what is wrong, or the fs error. */
  private async readSet(path: string, id: string): Promise<PromptSet> {
    const text = await readFile(path, 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error('it is not valid JSON: the file is damaged');
    }
    const checked = storedSetSchema.safeParse(data);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new Error(`it is not a prompt set of this version of Pairwise: ${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'unknown shape'}`);
    }
    if (checked.data.id !== id) throw new Error(`its id is "${checked.data.id}", not its file name`);
    const { version: _version, ...set } = checked.data;
    return set;
  }

  async get(id: string): Promise<PromptSet> {
    if (!promptSetIdSchema.safeParse(id).success) throw notFound();
    const path = this.fileOf(id);
    try {
      return await this.readSet(path, id);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') throw notFound();
      if (!(error as { code?: string }).code) {
        throw new ServiceError('io-error', `The prompt set file ${path} cannot be read: ${(error as Error).message}. Import the set again, and delete that file.`);
      }
      throw ioError(`Reading ${path}`, error);
    }
  }

  /** Parses and stores a file's prompts as a new set; the file's problems come back as warnings. */
  async import(input: ImportPromptSet): Promise<PromptSetImported> {
    return this.save(input.name.trim(), sourceOf(input.fileName), parsePromptSet(input.text, input.format));
  }

  /** Adds the study's sample set (again, as a new set, when asked twice). */
  async importSample(): Promise<PromptSetImported> {
    const text = await (this.options.loadSample ?? loadStudySample)();
    return this.save(SAMPLE_SET_NAME, SAMPLE_SOURCE, parsePromptSet(text, 'jsonl'));
  }

  private async save(name: string, source: string, { items, warnings }: ParsedPromptSet): Promise<PromptSetImported> {
    const folder = this.folder;
    const createdAt = (this.options.now?.() ?? new Date()).toISOString();
    try {
      await mkdir(folder, { recursive: true });
      for (let attempt = 0; ; attempt += 1) {
        const set: PromptSet = { id: newId(name), name, createdAt, source, items };
        try {
          // replace: false: two imports that drew the same id cannot overwrite each other.
          await writeFileDurably(this.fileOf(set.id), `${JSON.stringify({ version: FILE_VERSION, ...set })}\n`, { replace: false });
          return { set: summaryOf(set), warnings };
        } catch (error) {
          if (!(error instanceof FileExistsError) || attempt >= 4) throw error;
        }
      }
    } catch (error) {
      throw ioError(`Saving the prompt set in ${folder}`, error);
    }
  }

  async delete(id: string): Promise<{ deleted: string }> {
    if (!promptSetIdSchema.safeParse(id).success) throw notFound();
    const path = this.fileOf(id);
    try {
      await rm(path);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') throw notFound();
      throw ioError(`Deleting ${path}`, error);
    }
    this.summaries.delete(path);
    return { deleted: id };
  }
}
