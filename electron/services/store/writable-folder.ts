import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceError } from '../../shared/errors';

/** Creates the folder if needed and proves it writable with a probe file, so a bad choice fails now, not mid-session. */
export async function ensureWritableFolder(folder: string, field: string): Promise<void> {
  const probe = join(folder, `.pairwise-write-test-${process.pid}`);
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ServiceError('invalid-request', `Cannot use ${folder} as the ${field}: ${explain(code)} (${code}). Choose a folder you can write to.`, [
      { path: field, message: `not writable (${code})` },
    ]);
  }
}

function explain(code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file with that name is in the way';
    default:
      return 'it cannot be written';
  }
}
