// Where rating sessions live: one rule for the app and for `pairwise export|import`.
import { join } from 'node:path';

/** The sessions folder of a data folder (the `dataFolder` setting when set, else the app's own). */
export function sessionsFolderIn(dataFolder: string): string {
  return join(dataFolder, 'sessions');
}
