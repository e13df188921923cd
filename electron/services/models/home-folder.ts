// `~` in a path someone typed, expanded as a shell would. No shell sees our paths (vLLM gets an argv, Node's fs
// takes paths literally), so a model folder written `~/models/x` is expanded here, before it is read or launched.
import { join } from 'node:path';

/** `~`, `~/x`, `~\x` under `homedir`; anything else (`~user/x` too) and an unknown home are left as they are. */
export function expandHome(path: string, homedir: string | undefined): string {
  if (!homedir) return path;
  if (path === '~') return homedir;
  return path.startsWith('~/') || path.startsWith('~\\') ? join(homedir, path.slice(2)) : path;
}
