// The Hugging Face hub cache as huggingface_hub lays it out: models--ORG--NAME/ with refs/main (a commit hash),
// blobs/ (content-addressed files; *.incomplete while downloading) and snapshots/<commit>/ whose files are symlinks
// into blobs/. Datasets and spaces share the folder and are skipped. Only stat and small JSON files are read, so a
// cache of many models scans in milliseconds.
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir as osHomedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CachedModel, HfCacheScan } from '../../shared/gpu';
import { isLocalModelSource } from '../../shared/paths';
import { expandHome } from './home-folder';
import { readModelFolder } from './model-folder';

const MODEL_PREFIX = 'models--';

/**
 * huggingface_hub's own order: HF_HUB_CACHE (or its old name HUGGINGFACE_HUB_CACHE), else HF_HOME/hub, else
 * $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub.
 */
export function hfCacheFolder(env: NodeJS.ProcessEnv, homedir: string): string {
  const set = (name: string): string | null => (env[name] ? expandHome(env[name], homedir) : null);
  const explicit = set('HF_HUB_CACHE') ?? set('HUGGINGFACE_HUB_CACHE');
  if (explicit) return resolve(explicit);
  const hfHome = set('HF_HOME') ?? join(set('XDG_CACHE_HOME') ?? join(homedir, '.cache'), 'huggingface');
  return resolve(hfHome, 'hub');
}

/** models--Qwen--Qwen2-7B-Instruct -> Qwen/Qwen2-7B-Instruct (models--gpt2 -> gpt2). */
export function repoIdFromFolderName(name: string): string {
  return name.slice(MODEL_PREFIX.length).split('--').join('/');
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

async function readMainRef(repoFolder: string): Promise<string | null> {
  const ref = await readFile(join(repoFolder, 'refs', 'main'), 'utf8').catch(() => null);
  return ref?.trim() || null;
}

/** The snapshot refs/main names; without refs/main (downloaded by commit), the newest snapshot. */
async function pickSnapshot(repoFolder: string, revision: string | null): Promise<string | null> {
  const snapshots = join(repoFolder, 'snapshots');
  if (revision && (await isDirectory(join(snapshots, revision)))) return join(snapshots, revision);
  const names = await readdir(snapshots).catch(() => [] as string[]);
  const dated = await Promise.all(names.map(async (name) => ({ name, info: await stat(join(snapshots, name)).catch(() => null) })));
  const newest = dated.filter((d) => d.info?.isDirectory()).sort((a, b) => b.info!.mtimeMs - a.info!.mtimeMs)[0];
  return newest ? join(snapshots, newest.name) : null;
}

async function readCachedModel(repoFolder: string, folderName: string): Promise<CachedModel> {
  const revision = await readMainRef(repoFolder);
  const snapshotPath = await pickSnapshot(repoFolder, revision);
  const id = repoIdFromFolderName(folderName);
  if (!snapshotPath) return { id, sizeBytes: 0, revision, snapshotPath: null, weightsBytes: null, shape: null, complete: false };
  return { id, revision, snapshotPath, ...(await readModelFolder(snapshotPath)) };
}

export interface ScanOptions {
  env?: NodeJS.ProcessEnv;
  homedir?: string;
}

export async function scanHfCache(options: ScanOptions = {}): Promise<HfCacheScan> {
  const folder = hfCacheFolder(options.env ?? process.env, options.homedir ?? osHomedir());
  if (!(await isDirectory(folder))) return { folder, exists: false, models: [] };
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const repos = entries.filter((entry) => entry.name.startsWith(MODEL_PREFIX) && (entry.isDirectory() || entry.isSymbolicLink()));
  const models = await Promise.all(repos.map((entry) => readCachedModel(join(folder, entry.name), entry.name)));
  return { folder, exists: true, models: models.sort((a, b) => a.id.localeCompare(b.id)) };
}

/**
 * A profile whose source is a folder on disk (no refs, no blobs); null when the folder does not exist. Relative
 * paths are read from the working folder, which is where vLLM is started too; `~` is `homedir`, the HOME the
 * launch command expands it with (unknown: left as typed, as the launch leaves it).
 */
export async function readLocalModel(folder: string, homedir: string | undefined): Promise<CachedModel | null> {
  const path = resolve(expandHome(folder, homedir));
  if (!(await isDirectory(path))) return null;
  return { id: folder, revision: null, snapshotPath: path, ...(await readModelFolder(path)) };
}

/** The commit hash the cache's refs/main names for a hub model (null: a local folder, or not in the cache). */
export async function cachedRevision(source: string, options: ScanOptions = {}): Promise<string | null> {
  if (isLocalModelSource(source)) return null;
  const folderName = `${MODEL_PREFIX}${source.split('/').join('--')}`;
  return readMainRef(join(hfCacheFolder(options.env ?? process.env, options.homedir ?? osHomedir()), folderName));
}

/**
 * Whether a hub model's weights are in the cache already (so a launch will not start with a download). Reads
 * one repo folder, not the whole cache: this runs on every launch. Local folders count as present.
 */
export async function hasCachedWeights(source: string, options: ScanOptions = {}): Promise<boolean> {
  if (isLocalModelSource(source)) return true;
  const folderName = `${MODEL_PREFIX}${source.split('/').join('--')}`;
  const repoFolder = join(hfCacheFolder(options.env ?? process.env, options.homedir ?? osHomedir()), folderName);
  if (!(await isDirectory(repoFolder))) return false;
  return (await readCachedModel(repoFolder, folderName)).complete;
}
