import type { VllmProfile } from '../../shared/profiles';
import { expandHome } from '../models/home-folder';

export interface LaunchCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
}

export function servedNameOf(profile: Pick<VllmProfile, 'servedName' | 'source'>): string {
  return profile.servedName ?? profile.source;
}

/**
 * The exact argv vLLM is started with (never a shell string). Flags the app depends on are always explicit:
 * loopback host, our port, the served name readiness checks for. The API key travels in the environment
 * (VLLM_API_KEY) so it does not show in `ps` for other users of a shared workstation. A model folder written
 * `~/x` is expanded with the server's own HOME, as the shell it does not have would (the memory check reads it so).
 */
export function buildLaunchCommand(profile: VllmProfile, port: number, apiKey: string, baseEnv: NodeJS.ProcessEnv): LaunchCommand {
  const source = expandHome(profile.source, baseEnv.HOME);
  const head =
    profile.command.kind === 'vllm'
      ? { file: profile.command.path ?? 'vllm', args: ['serve', source] }
      : { file: profile.command.python, args: ['-m', 'vllm.entrypoints.openai.api_server', '--model', source] };
  const args = [
    ...head.args,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--served-model-name', servedNameOf(profile),
    '--gpu-memory-utilization', String(profile.gpuMemoryUtilization),
    '--dtype', profile.dtype,
    '--tensor-parallel-size', String(profile.tensorParallelSize),
  ];
  if (profile.maxModelLen !== null) args.push('--max-model-len', String(profile.maxModelLen));
  if (profile.quantization !== null) args.push('--quantization', profile.quantization);
  if (profile.seed !== null) args.push('--seed', String(profile.seed));
  args.push(...profile.extraArgs);

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(baseEnv)) if (value !== undefined) env[key] = value;
  Object.assign(env, profile.env, {
    NO_COLOR: '1', // no ANSI escapes in the log
    PYTHONUNBUFFERED: '1', // a pipe is not a tty: without this Python holds log lines back in a buffer
    VLLM_NO_USAGE_STATS: '1',
    CUDA_DEVICE_ORDER: 'PCI_BUS_ID', // so indices match nvidia-smi's
    VLLM_API_KEY: apiKey,
  });
  if (profile.gpuIndices.length > 0) env.CUDA_VISIBLE_DEVICES = profile.gpuIndices.join(',');
  delete env.VLLM_PORT; // vLLM reads it as an internal port: a stray value breaks startup
  return { file: head.file, args, env };
}
