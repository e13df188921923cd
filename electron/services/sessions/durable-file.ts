// Writing a whole file so that a crash leaves either the old file or the new one, never half of one: a temp
// file beside it, fsynced, then renamed (or linked, when an existing file must not be replaced), then the folder
// fsynced so the new name survives a power cut too.
import { randomUUID } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} exists`);
    this.name = 'FileExistsError';
  }
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a folder (Windows cannot open one): the rename is then as durable as it gets.
  }
}

/** Writes `data` to `path` durably. `replace: false` refuses (FileExistsError) when `path` exists, atomically. */
export async function writeFileDurably(path: string, data: string | Buffer, options: { replace: boolean }): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.replace) await rename(temp, path);
    else await placeNew(temp, path);
    await syncFolder(dirname(path));
  } finally {
    await rm(temp, { force: true });
  }
}

/** link(2) fails when the name is taken, so two writers cannot both win; a file system without hard links falls back. */
async function placeNew(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') throw new FileExistsError(path);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    const existing = await open(path, 'r').catch(() => null);
    if (existing) {
      await existing.close();
      throw new FileExistsError(path);
    }
    await rename(temp, path);
  }
}
