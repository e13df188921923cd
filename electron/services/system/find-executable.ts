import which from 'which';
import type { ToolPresence } from '../../shared/app-info';

/** Looks a command up on PATH the way a shell would (PATHEXT on Windows), without running it. */
export async function findExecutable(name: string, pathEnv: string | undefined): Promise<ToolPresence> {
  const path = await which(name, { nothrow: true, path: pathEnv ?? '' });
  return { found: path !== null, path };
}
