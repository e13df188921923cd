import { copyFileSync, renameSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/**
 * Keeps a damaged or partly invalid store file next to the original, with a sortable timestamp that is legal
 * on every file system, e.g. settings.corrupt-2026-11-29T08-13-39-123Z.json. 'move' for a file that cannot be
 * read at all; 'copy' when the readable part stays in use.
 */
export function keepAside(file: string, why: 'corrupt' | 'invalid', now: Date, how: 'move' | 'copy'): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const extension = extname(file);
  const target = join(dirname(file), `${basename(file, extension)}.${why}-${stamp}${extension}`);
  if (how === 'move') renameSync(file, target);
  else copyFileSync(file, target);
  return target;
}
