import { describe, expect, it } from 'vitest';
import { buildLaunchCommand } from '../../electron/services/engines/launch-command';
import { newVllmDraft, type VllmProfile } from '../../electron/shared/profiles';

const profile = (overrides: Partial<VllmProfile> = {}): VllmProfile => ({
  ...newVllmDraft('Qwen/Qwen2-7B-Instruct'),
  id: 'qwen2-7b-abc123',
  createdAt: 0,
  updatedAt: 0,
  ...overrides,
});

describe('the vLLM launch command', () => {
  it('is an argv array with loopback host, our port and the served name, never a shell string', () => {
    const command = buildLaunchCommand(profile({ extraArgs: ['--enforce-eager', '--max-num-seqs', '8'] }), 8123, 'k3y', { PATH: '/usr/bin' });
    expect(command.file).toBe('vllm');
    expect(command.args).toEqual([
      'serve', 'Qwen/Qwen2-7B-Instruct',
      '--host', '127.0.0.1',
      '--port', '8123',
      '--served-model-name', 'Qwen/Qwen2-7B-Instruct',
      '--gpu-memory-utilization', '0.45',
      '--dtype', 'auto',
      '--tensor-parallel-size', '1',
      '--max-model-len', '8192',
      '--seed', '0',
      '--enforce-eager', '--max-num-seqs', '8',
    ]);
  });

  it('runs a venv Python as the api_server module', () => {
    const command = buildLaunchCommand(profile({ command: { kind: 'python', python: '/opt/venv/bin/python' }, servedName: 'qwen7', quantization: 'fp8', maxModelLen: null, seed: null }), 9000, 'k', {});
    expect(command.file).toBe('/opt/venv/bin/python');
    expect(command.args.slice(0, 4)).toEqual(['-m', 'vllm.entrypoints.openai.api_server', '--model', 'Qwen/Qwen2-7B-Instruct']);
    expect(command.args).toContain('--quantization');
    expect(command.args).not.toContain('--max-model-len');
    expect(command.args).not.toContain('--seed');
    expect(command.args[command.args.indexOf('--served-model-name') + 1]).toBe('qwen7');
  });

  it('expands a model folder under ~ itself, since vLLM gets no shell to do it', () => {
    const command = buildLaunchCommand(profile({ source: '~/models/qwen2-7b', servedName: null }), 8123, 'k', { HOME: '/home/me' });
    expect(command.args.slice(0, 2)).toEqual(['serve', '/home/me/models/qwen2-7b']);
    expect(command.args[command.args.indexOf('--served-model-name') + 1]).toBe('~/models/qwen2-7b'); // the name as typed
    expect(buildLaunchCommand(profile({ source: '~other/models/x' }), 8123, 'k', { HOME: '/home/me' }).args[1]).toBe('~other/models/x');
    expect(buildLaunchCommand(profile({ source: './models/x' }), 8123, 'k', { HOME: '/home/me' }).args[1]).toBe('./models/x');
  });

  it("sets the environment vLLM needs, keeps the user's, and drops VLLM_PORT", () => {
    const { env } = buildLaunchCommand(profile({ gpuIndices: [1, 0], env: { HF_TOKEN: 'hf_x' } }), 8123, 'secret', { PATH: '/usr/bin', VLLM_PORT: '5555', HOME: '/home/me' });
    expect(env).toMatchObject({
      PATH: '/usr/bin', HOME: '/home/me', HF_TOKEN: 'hf_x',
      NO_COLOR: '1', PYTHONUNBUFFERED: '1', VLLM_NO_USAGE_STATS: '1',
      CUDA_DEVICE_ORDER: 'PCI_BUS_ID', CUDA_VISIBLE_DEVICES: '1,0', VLLM_API_KEY: 'secret',
    });
    expect(env).not.toHaveProperty('VLLM_PORT');
  });

  it('leaves CUDA_VISIBLE_DEVICES alone when the profile uses every GPU', () => {
    const { env } = buildLaunchCommand(profile({ gpuIndices: [] }), 8123, 'k', { CUDA_VISIBLE_DEVICES: '3' });
    expect(env.CUDA_VISIBLE_DEVICES).toBe('3');
  });
});
