import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/fixtures/bin holds the `vllm` emulator and a fake `nvidia-smi`: first on PATH, as in production. */
export const FIXTURE_BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));

export function emulatorEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${FIXTURE_BIN}${delimiter}${process.env.PATH ?? ''}`, ...extra };
}
