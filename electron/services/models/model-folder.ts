// What a model folder holds, read with stat and two small JSON files (never the weights themselves): bytes on disk
// (files reached through symlinks counted once), weights bytes and the config's shape. Used for a snapshot of the
// Hugging Face cache (files link into blobs/) and for a plain local folder alike.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelShape } from '../../shared/gpu';
import { shapeFromConfig } from './model-config';

export interface ModelFolderContents {
  sizeBytes: number;
  weightsBytes: number | null;
  shape: ModelShape | null;
  complete: boolean;
}

interface FileEntry {
  size: number;
  /** device:inode of the file the path resolves to: two links to one blob share it. */
  identity: string;
}

/** Deep enough for repos with subfolders (onnx/, original/), not a tree walk of a whole disk. */
const MAX_DEPTH = 4;

/** Relative path (with /) -> resolved file. Broken links (a blob still downloading or deleted) are left out. */
async function listFiles(folder: string, prefix = '', depth = 0): Promise<Map<string, FileEntry>> {
  const files = new Map<string, FileEntry>();
  const entries = await readdir(join(folder, prefix), { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries.map(async (entry) => {
      // .git holds a second copy of LFS weights, .cache download metadata: neither is the model.
      if (entry.name.startsWith('.')) return;
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) for (const [path, file] of await listFiles(folder, relative, depth + 1)) files.set(path, file);
        return;
      }
      const info = await stat(join(folder, relative)).catch(() => null);
      if (info?.isFile()) files.set(relative, { size: info.size, identity: `${info.dev}:${info.ino}` });
    }),
  );
  return files;
}

function sumUnique(files: Iterable<FileEntry>): number {
  const seen = new Map<string, number>();
  for (const file of files) seen.set(file.identity, file.size);
  let total = 0;
  for (const size of seen.values()) total += size;
  return total;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

interface ShardIndex {
  totalSize: number | null;
  shards: string[];
}

async function readShardIndex(path: string): Promise<ShardIndex | null> {
  const index = (await readJson(path)) as { metadata?: { total_size?: unknown }; weight_map?: unknown } | null;
  if (typeof index !== 'object' || index === null) return null;
  const totalSize = typeof index.metadata?.total_size === 'number' ? index.metadata.total_size : null;
  const weightMap = typeof index.weight_map === 'object' && index.weight_map !== null ? Object.values(index.weight_map) : [];
  return { totalSize, shards: [...new Set(weightMap.filter((s): s is string => typeof s === 'string'))] };
}

const WEIGHT_FORMATS = [
  { index: 'model.safetensors.index.json', file: /^[^/]+\.safetensors$/ },
  { index: 'pytorch_model.bin.index.json', file: /^pytorch_model[^/]*\.bin$/ },
];

/**
 * Safetensors first, pytorch .bin as the fallback (vLLM's own preference). An index's metadata.total_size is the
 * weights' size even while shards are missing; without an index, the weight files present are summed.
 */
async function weightsOf(folder: string, files: Map<string, FileEntry>): Promise<{ weightsBytes: number | null; complete: boolean }> {
  for (const format of WEIGHT_FORMATS) {
    const index = files.has(format.index) ? await readShardIndex(join(folder, format.index)) : null;
    if (index && (index.totalSize !== null || index.shards.length > 0)) {
      const present = index.shards.filter((shard) => files.has(shard));
      const complete = index.shards.length > 0 && present.length === index.shards.length;
      const summed = complete ? sumUnique(present.map((shard) => files.get(shard)!)) : null;
      return { weightsBytes: index.totalSize ?? summed, complete };
    }
    const weightFiles = [...files].filter(([path]) => format.file.test(path)).map(([, file]) => file);
    if (weightFiles.length > 0) return { weightsBytes: sumUnique(weightFiles), complete: true };
  }
  return { weightsBytes: null, complete: false };
}

export async function readModelFolder(folder: string): Promise<ModelFolderContents> {
  const files = await listFiles(folder);
  const [weights, config] = await Promise.all([weightsOf(folder, files), files.has('config.json') ? readJson(join(folder, 'config.json')) : null]);
  return { sizeBytes: sumUnique(files.values()), ...weights, shape: shapeFromConfig(config) };
}
