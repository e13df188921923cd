import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMPUTE_APPS_QUERY_ARGS,
  GPU_QUERY_ARGS,
  LEGACY_GPU_QUERY_ARGS,
  NvidiaSmiFormatError,
  parseComputeAppsCsv,
  parseGpuCsv,
  probeGpus,
  type CommandRunner,
} from '../../electron/services/engines/gpu/nvidia-smi';
import { makeTempDir } from '../support/temp-dir';

const FIXTURES = new URL('../fixtures/nvidia-smi/', import.meta.url).pathname;
const fixture = (name: string): Promise<string> => readFile(join(FIXTURES, name), 'utf8');

const DRIVER_MESSAGE = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.";

describe('parseGpuCsv', () => {
  it('reads an RTX 4090 line as nvidia-smi prints it', async () => {
    expect(parseGpuCsv(await fixture('rtx4090.csv'), false)).toEqual([
      { index: 0, uuid: 'GPU-5c3e1b0a-7f2d-4e9b-a1c6-3d8f0e2b9a47', name: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564, memoryUsedMiB: 1123, memoryFreeMiB: 23010, computeCapability: null },
    ]);
  });

  it('reads a two-GPU Windows box (CRLF, trailing blank line)', async () => {
    const gpus = parseGpuCsv(await fixture('two-rtx3090-windows.csv'), false);
    expect(gpus.map((g) => [g.index, g.name, g.memoryTotalMiB, g.memoryUsedMiB, g.memoryFreeMiB])).toEqual([
      [0, 'NVIDIA GeForce RTX 3090', 24576, 18732, 5552],
      [1, 'NVIDIA GeForce RTX 3090', 24576, 262, 24022],
    ]);
    expect(gpus[1]!.uuid).toBe('GPU-e2d9a8b4-3c61-4f07-8e5d-92b1c0a7f6d3');
  });

  it('reads an A100 80GB', async () => {
    expect(parseGpuCsv(await fixture('a100-80gb.csv'), false)).toEqual([
      { index: 0, uuid: 'GPU-b0354a1a-37c2-086d-f6fe-953b6fac5c3e', name: 'NVIDIA A100-SXM4-80GB', memoryTotalMiB: 81920, memoryUsedMiB: 4, memoryFreeMiB: 81036, computeCapability: null },
    ]);
  });

  it('derives a figure given as [Not Supported] or [N/A] from the other two', async () => {
    const [first, second] = parseGpuCsv(await fixture('t4-not-supported.csv'), false);
    expect(first).toMatchObject({ name: 'Tesla T4', memoryTotalMiB: 15360, memoryUsedMiB: 448, memoryFreeMiB: 14912 });
    expect(second).toMatchObject({ memoryTotalMiB: 15360, memoryUsedMiB: 3, memoryFreeMiB: 15357 });
  });

  it('reports 0 for every memory figure of a unified-memory board that gives none', async () => {
    expect(parseGpuCsv(await fixture('gb10-unified-memory.csv'), false)).toEqual([
      { index: 0, uuid: 'GPU-7d1e3f5a-24b8-4c9e-a0d6-1f3b5c7e9a2b', name: 'NVIDIA GB10', memoryTotalMiB: 0, memoryUsedMiB: 0, memoryFreeMiB: 0, computeCapability: null },
    ]);
  });

  it('reads the compute capability of drivers that know compute_cap, and [N/A] as unknown', () => {
    const [ada, unknown] = parseGpuCsv('0, GPU-a, NVIDIA GeForce RTX 4090 D, 24564, 400, 23683, 8.9\n1, GPU-b, NVIDIA GeForce RTX 4090 D, 24564, 0, 24083, [N/A]\n');
    expect(ada).toMatchObject({ name: 'NVIDIA GeForce RTX 4090 D', memoryFreeMiB: 23683, computeCapability: '8.9' });
    expect(unknown!.computeCapability).toBeNull();
  });

  it('ignores warning lines and rejects a line it cannot read (a header, units)', async () => {
    expect(parseGpuCsv('WARNING: infoROM is corrupted at gpu 0000:01:00.0\n0, GPU-1, NVIDIA L4, 23034, 0, 22478, 8.9\n')).toHaveLength(1);
    const withHeader = await fixture('with-header-and-units.csv');
    expect(() => parseGpuCsv(withHeader, false)).toThrow(NvidiaSmiFormatError);
    expect(() => parseGpuCsv('0, GPU-1, NVIDIA L4\n')).toThrow(/cannot read/);
  });
});

describe('parseComputeAppsCsv', () => {
  it('reads pids, names and MiB', async () => {
    expect(parseComputeAppsCsv(await fixture('apps-two-vllm-and-python.csv'))).toEqual([
      { pid: 4242, processName: '/usr/bin/python3', usedMemoryMiB: 6144 },
      { pid: 51234, processName: 'VLLM::EngineCore', usedMemoryMiB: 10960 },
      { pid: 51876, processName: 'VLLM::EngineCore', usedMemoryMiB: 10960 },
    ]);
  });

  it('reads Windows paths with spaces, [N/A] memory (WDDM) and CRLF', async () => {
    expect(parseComputeAppsCsv(await fixture('apps-windows-wddm.csv'))).toEqual([
      { pid: 9876, processName: 'C:\\Program Files\\Python311\\python.exe', usedMemoryMiB: 0 },
      { pid: 10432, processName: 'C:\\Windows\\explorer.exe', usedMemoryMiB: 0 },
    ]);
  });

  it('keeps a comma inside a process name, and reads no processes as none', async () => {
    expect(parseComputeAppsCsv('77, /opt/my, app/bin/python, 512\n')).toEqual([{ pid: 77, processName: '/opt/my, app/bin/python', usedMemoryMiB: 512 }]);
    expect(parseComputeAppsCsv(await fixture('apps-none.csv'))).toEqual([]);
    expect(parseComputeAppsCsv('No running processes found\n')).toEqual([]);
  });
});

/** A runner answering from fixture text, recording what it was asked. */
function fakeRunner(answers: { gpu: () => ReturnType<CommandRunner>; apps?: () => ReturnType<CommandRunner> }, calls: Array<{ file: string; args: string[] }> = []): CommandRunner {
  return (file, args) => {
    calls.push({ file, args });
    return args[0]!.startsWith('--query-gpu') ? answers.gpu() : (answers.apps ?? (() => Promise.resolve({ exitCode: 0, stdout: '', stderr: '' })))();
  };
}
const ok = (stdout: string) => () => Promise.resolve({ exitCode: 0, stdout, stderr: '' });

describe('probeGpus with an injected runner', () => {
  it('runs both queries as argv arrays and returns GPUs and processes', async () => {
    const calls: Array<{ file: string; args: string[] }> = [];
    const run = fakeRunner({ gpu: ok(await fixture('rtx4090-compute-cap.csv')), apps: ok(await fixture('apps-two-vllm-and-python.csv')) }, calls);
    const probe = await probeGpus({ run, env: {} });
    expect(calls).toEqual([
      { file: 'nvidia-smi', args: ['--query-gpu=index,uuid,name,memory.total,memory.used,memory.free,compute_cap', '--format=csv,noheader,nounits'] },
      { file: 'nvidia-smi', args: ['--query-compute-apps=pid,process_name,used_memory', '--format=csv,noheader,nounits'] },
    ]);
    expect(probe).toMatchObject({ available: true, gpus: [{ name: 'NVIDIA GeForce RTX 4090', computeCapability: '8.9' }], processes: [{ pid: 4242 }, { pid: 51234 }, { pid: 51876 }] });
  });

  it('says not-installed when nvidia-smi is missing (ENOENT)', async () => {
    const run: CommandRunner = () => Promise.reject(Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' }));
    const probe = await probeGpus({ run });
    expect(probe).toMatchObject({ available: false, reason: 'not-installed' });
    expect(probe.available === false && probe.message).toMatch(/not found on PATH.*Install the NVIDIA driver/);
  });

  it('passes on the driver failure (exit 9) with what to do', async () => {
    const probe = await probeGpus({ run: fakeRunner({ gpu: () => Promise.resolve({ exitCode: 9, stdout: `${DRIVER_MESSAGE}\n\n`, stderr: '' }) }) });
    expect(probe).toMatchObject({ available: false, reason: 'driver-error' });
    const message = probe.available === false ? probe.message : '';
    expect(message).toContain("couldn't communicate with the NVIDIA driver");
    expect(message).toContain('exit code 9');
    expect(message).toMatch(/reinstall the NVIDIA driver, or reboot/);
  });

  it('says when no GPU was found', async () => {
    const probe = await probeGpus({ run: fakeRunner({ gpu: async () => ({ exitCode: 6, stdout: await fixture('no-devices.txt'), stderr: '' }) }) });
    expect(probe).toMatchObject({ available: false, reason: 'driver-error', message: expect.stringMatching(/found no NVIDIA GPU .*--gpus all/) });
  });

  it('says unreadable for output it cannot parse, or an empty list', async () => {
    const header = await probeGpus({ run: fakeRunner({ gpu: ok(await fixture('with-header-and-units.csv')) }) });
    expect(header).toMatchObject({ available: false, reason: 'unreadable', message: expect.stringContaining('"index, uuid, name') });
    expect(await probeGpus({ run: fakeRunner({ gpu: ok('\n') }) })).toMatchObject({ available: false, reason: 'unreadable' });
  });

  it('says when nvidia-smi hangs', async () => {
    const run: CommandRunner = () => Promise.reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    expect(await probeGpus({ run, timeoutMs: 3000 })).toMatchObject({ available: false, reason: 'driver-error', message: expect.stringContaining('did not answer within 3 s') });
  });

  it('keeps the GPUs when only the process query fails', async () => {
    const run = fakeRunner({ gpu: ok(`${(await fixture('a100-80gb.csv')).trimEnd()}, 8.0\n`), apps: () => Promise.resolve({ exitCode: 2, stdout: '', stderr: 'Invalid combination of input arguments.' }) });
    expect(await probeGpus({ run })).toMatchObject({ available: true, gpus: [{ memoryTotalMiB: 81920, computeCapability: '8.0' }], processes: [] });
  });
});

describe('probeGpus running a real nvidia-smi executable (default execa runner)', () => {
  let bin: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    bin = await makeTempDir('pairwise-smi-');
  });
  afterEach(() => bin.remove());

  async function installFakeSmi(script: string): Promise<NodeJS.ProcessEnv> {
    const path = join(bin.path, 'nvidia-smi');
    await writeFile(path, `#!/bin/sh\n${script}\n`);
    await chmod(path, 0o755);
    return { PATH: `${bin.path}:/usr/bin:/bin` };
  }

  it.skipIf(process.platform === 'win32')('reads what the program prints for each query', async () => {
    const env = await installFakeSmi(
      [
        '[ "$#" -eq 2 ] && [ "$2" = "--format=csv,noheader,nounits" ] || { echo "bad arguments: $*" >&2; exit 2; }',
        'case "$1" in',
        // A driver before R510: compute_cap is refused, and the query without it answers.
        `  ${GPU_QUERY_ARGS[0]}) echo 'Field "compute_cap" is not a valid field to query.'; exit 2 ;;`,
        `  ${LEGACY_GPU_QUERY_ARGS[0]}) cat '${join(FIXTURES, 'two-rtx3090-windows.csv')}' ;;`,
        `  ${COMPUTE_APPS_QUERY_ARGS[0]}) cat '${join(FIXTURES, 'apps-two-vllm-and-python.csv')}' ;;`,
        '  *) echo "unexpected query: $1" >&2; exit 2 ;;',
        'esac',
      ].join('\n'),
    );
    const probe = await probeGpus({ env });
    expect(probe).toMatchObject({ available: true, gpus: [{ index: 0, memoryUsedMiB: 18732, computeCapability: null }, { index: 1, memoryFreeMiB: 24022 }], processes: [{ pid: 4242 }, { pid: 51234 }, { pid: 51876 }] });
  });

  it.skipIf(process.platform === 'win32')('reports the driver failure the program exits with', async () => {
    const env = await installFakeSmi(`cat '${join(FIXTURES, 'driver-error.txt')}'\nexit 9`);
    expect(await probeGpus({ env })).toMatchObject({ available: false, reason: 'driver-error', message: expect.stringContaining("couldn't communicate with the NVIDIA driver") });
  });

  it('reports not-installed when PATH has no nvidia-smi', async () => {
    expect(await probeGpus({ env: { PATH: bin.path } })).toMatchObject({ available: false, reason: 'not-installed' });
  });

  it.skipIf(process.platform === 'win32')('gives up on a program that hangs', async () => {
    const env = await installFakeSmi('exec sleep 5'); // exec: nvidia-smi is one process, no child holding its stdout
    expect(await probeGpus({ env, timeoutMs: 300 })).toMatchObject({ available: false, reason: 'driver-error', message: expect.stringContaining('did not answer') });
  });
});
