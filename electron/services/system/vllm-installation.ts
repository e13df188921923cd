import { execa } from 'execa';
import type { VllmInstallation } from '../../shared/system';
import { findExecutable } from './find-executable';

/**
 * Finds vLLM and asks its version. `vllm --version` imports torch and can take tens of seconds on a cold
 * disk, so callers cache the answer.
 */
export async function checkVllmInstallation(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<VllmInstallation> {
  const found = await findExecutable('vllm', env.PATH);
  if (!found.found || !found.path) {
    return { found: false, path: null, version: null, problem: 'vllm is not on PATH. Install it (pip install vllm) in the environment you start Pairwise from, or set a Python command in each profile.' };
  }
  const result = await execa(found.path, ['--version'], { env, extendEnv: false, reject: false, timeout: timeoutMs, stdin: 'ignore' });
  const version = /(\d+\.\d+\.\d+[\w.+-]*)/.exec(`${result.stdout}\n${result.stderr}`)?.[1] ?? null;
  if (result.exitCode === 0 && version) return { found: true, path: found.path, version, problem: null };
  const why = result.timedOut ? `did not answer within ${timeoutMs / 1000} s` : `exited with code ${result.exitCode}`;
  const lastLine = `${result.stderr}`.trim().split('\n').pop() ?? '';
  return { found: true, path: found.path, version, problem: `\`vllm --version\` ${why}${lastLine ? `: ${lastLine}` : ''}. The installation may be broken; try running it in a terminal.` };
}
