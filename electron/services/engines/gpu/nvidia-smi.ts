// Reads the GPUs and the processes holding GPU memory through nvidia-smi's CSV queries (vllm-facts.md, "GPU and
// model size from outside"). Memory figures are MiB (`nounits`). The parsers take the tool's real output: ", "
// separators, names with spaces, bracketed placeholders such as [N/A] / [Not Supported], CRLF on Windows, a
// trailing blank line.
import { execa } from 'execa';
import type { GpuInfo, GpuProbe, GpuProcess } from '../../../shared/gpu';

export const GPU_QUERY_ARGS = ['--query-gpu=index,uuid,name,memory.total,memory.used,memory.free,compute_cap', '--format=csv,noheader,nounits'];
/** Drivers before R510 do not know compute_cap ("Field ... is not a valid field to query"): asked again without it. */
export const LEGACY_GPU_QUERY_ARGS = ['--query-gpu=index,uuid,name,memory.total,memory.used,memory.free', '--format=csv,noheader,nounits'];
export const COMPUTE_APPS_QUERY_ARGS = ['--query-compute-apps=pid,process_name,used_memory', '--format=csv,noheader,nounits'];

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program with an argv array (never a shell). Resolves with the exit code whatever it is; rejects only when
 * the program could not be run at all, with an error whose `code` says why ('ENOENT' when it is not installed,
 * 'ETIMEDOUT' when it did not finish in time).
 */
export type CommandRunner = (file: string, args: string[], opts: { env: NodeJS.ProcessEnv; timeoutMs: number }) => Promise<CommandResult>;

export const runWithExeca: CommandRunner = async (file, args, opts) => {
  // extendEnv false: the env given is the whole environment, so its PATH is the one the program is looked up on.
  const result = await execa(file, args, { env: opts.env, extendEnv: false, timeout: opts.timeoutMs, reject: false, stripFinalNewline: false });
  if (result.timedOut) throw Object.assign(new Error(`${file} did not finish within ${opts.timeoutMs} ms`), { code: 'ETIMEDOUT' });
  if (result.exitCode === undefined) throw Object.assign(new Error(result.shortMessage), { code: result.code ?? 'ESPAWN' });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
};

export class NvidiaSmiFormatError extends Error {
  constructor(readonly line: string, expected: string) {
    super(`nvidia-smi printed a line Pairwise cannot read (expected ${expected}): "${line}".`);
    this.name = 'NvidiaSmiFormatError';
  }
}

/** Non-empty lines, without CR; also drops the notices nvidia-smi mixes into CSV output. */
function dataLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^WARNING:/i.test(line) && !/^No running processes found/i.test(line));
}

/** A bracketed placeholder ([N/A], [Not Supported], [Unknown Error], [Insufficient Permissions]) or N/A means unknown. */
function numberOrNull(field: string): number | null {
  if (/^\[.*\]$/.test(field) || /^N\/A$/i.test(field) || field === '') return null;
  const value = Number(field);
  return Number.isFinite(value) ? value : null;
}

/** Splits on commas; when there are more fields than expected, the extra commas belong to the text field `textAt`. */
function splitFields(line: string, expected: number, textAt: number): string[] | null {
  const parts = line.split(',').map((part) => part.trim());
  if (parts.length < expected) return null;
  const extra = parts.length - expected;
  return [...parts.slice(0, textAt), parts.slice(textAt, textAt + extra + 1).join(', '), ...parts.slice(textAt + extra + 1)];
}

/**
 * Memory where nvidia-smi gives two of the three figures derives the third. When it cannot (unified-memory boards
 * such as GB10 report [N/A] for all), the three are 0: a 0 total means "not reported", and the planner skips the check.
 */
function memoryFigures(total: number | null, used: number | null, free: number | null): Pick<GpuInfo, 'memoryTotalMiB' | 'memoryUsedMiB' | 'memoryFreeMiB'> {
  const t = total ?? (used !== null && free !== null ? used + free : null);
  const u = used ?? (t !== null && free !== null ? t - free : null);
  const f = free ?? (t !== null && u !== null ? t - u : null);
  if (t === null || u === null || f === null || t <= 0) return { memoryTotalMiB: 0, memoryUsedMiB: 0, memoryFreeMiB: 0 };
  return { memoryTotalMiB: t, memoryUsedMiB: u, memoryFreeMiB: f };
}

/** "8.9" as nvidia-smi prints it; anything else (a placeholder, an old driver's absence) is unknown. */
function computeCapabilityOf(field: string | undefined): string | null {
  return field !== undefined && /^\d+\.\d+$/.test(field) ? field : null;
}

/**
 * `nvidia-smi --query-gpu=index,uuid,name,memory.total,memory.used,memory.free[,compute_cap] --format=csv,noheader,nounits`
 * (withComputeCap says which of the two queries printed the text).
 */
export function parseGpuCsv(text: string, withComputeCap = true): GpuInfo[] {
  const expected = withComputeCap ? 7 : 6;
  return dataLines(text).map((line) => {
    const fields = splitFields(line, expected, 2);
    const index = fields ? numberOrNull(fields[0]!) : null;
    if (!fields || index === null || !Number.isInteger(index)) throw new NvidiaSmiFormatError(line, `index, uuid, name, total, used, free${withComputeCap ? ', compute capability' : ''}`);
    const [, uuid, name, total, used, free, cap] = fields as [string, string, string, string, string, string, string | undefined];
    return { index, uuid, name, ...memoryFigures(numberOrNull(total), numberOrNull(used), numberOrNull(free)), computeCapability: computeCapabilityOf(cap) };
  });
}

/**
 * `nvidia-smi --query-compute-apps=pid,process_name,used_memory --format=csv,noheader,nounits`. A process using two
 * GPUs appears twice. used_memory is [N/A] under Windows WDDM: read as 0 (the GPU's used figure still counts it).
 */
export function parseComputeAppsCsv(text: string): GpuProcess[] {
  return dataLines(text).map((line) => {
    const fields = splitFields(line, 3, 1);
    const pid = fields ? numberOrNull(fields[0]!) : null;
    if (!fields || pid === null || !Number.isInteger(pid)) throw new NvidiaSmiFormatError(line, 'pid, process name, used memory');
    return { pid, processName: fields[1]!, usedMemoryMiB: numberOrNull(fields[2]!) ?? 0 };
  });
}

export interface ProbeOptions {
  run?: CommandRunner;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

type Unavailable = Extract<GpuProbe, { available: false }>;

export async function probeGpus(options: ProbeOptions = {}): Promise<GpuProbe> {
  const run = options.run ?? runWithExeca;
  const opts = { env: options.env ?? process.env, timeoutMs: options.timeoutMs ?? 10_000 };
  // Both queries at once: without persistence mode each nvidia-smi call can take a noticeable fraction of a second.
  const [gpus, processes] = await Promise.all([readGpus(run, opts), readProcesses(run, opts)]);
  return Array.isArray(gpus) ? { available: true, gpus, processes } : gpus;
}

async function readGpus(run: CommandRunner, opts: { env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<GpuInfo[] | Unavailable> {
  let result: CommandResult;
  let withComputeCap = true;
  try {
    result = await run('nvidia-smi', GPU_QUERY_ARGS, opts);
    if (result.exitCode !== 0 && /not a valid field/i.test(`${result.stdout}${result.stderr}`)) {
      withComputeCap = false;
      result = await run('nvidia-smi', LEGACY_GPU_QUERY_ARGS, opts);
    }
  } catch (error) {
    return couldNotRun(error, opts.timeoutMs);
  }
  if (result.exitCode !== 0) return failedRun(result);
  try {
    const gpus = parseGpuCsv(result.stdout, withComputeCap);
    return gpus.length > 0 ? gpus : unreadable(new Error('nvidia-smi answered but listed no GPU.'));
  } catch (error) {
    return unreadable(error);
  }
}

/**
 * The process list is secondary: if it cannot be read, every MiB in use counts as "used by others", which only
 * makes the plan more cautious.
 */
async function readProcesses(run: CommandRunner, opts: { env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<GpuProcess[]> {
  try {
    const result = await run('nvidia-smi', COMPUTE_APPS_QUERY_ARGS, opts);
    return result.exitCode === 0 ? parseComputeAppsCsv(result.stdout) : [];
  } catch {
    return [];
  }
}

function couldNotRun(error: unknown, timeoutMs: number): Unavailable {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') {
    return {
      available: false,
      reason: 'not-installed',
      message:
        'nvidia-smi was not found on PATH, so Pairwise cannot see the GPUs. Install the NVIDIA driver (it ships nvidia-smi), or add the folder that holds nvidia-smi to PATH, then check again.',
    };
  }
  if (code === 'ETIMEDOUT') {
    return {
      available: false,
      reason: 'driver-error',
      message: `nvidia-smi did not answer within ${Math.round(timeoutMs / 1000)} s; the driver may be busy or hung. Run nvidia-smi in a terminal to see what it does; a reboot usually clears a hung driver.`,
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { available: false, reason: 'driver-error', message: `nvidia-smi could not be started (${detail}). Check that it is executable by your user, then check again.` };
}

function failedRun(result: CommandResult): Unavailable {
  const said = firstLine(`${result.stdout}\n${result.stderr}`);
  if (/No devices were found/i.test(said)) {
    return {
      available: false,
      reason: 'driver-error',
      message: `nvidia-smi found no NVIDIA GPU ("${said}"). Check that the GPU is enabled and its driver loaded; inside a container, start it with GPU access (docker run --gpus all).`,
    };
  }
  const advice = /couldn't communicate with the NVIDIA driver/i.test(said)
    ? 'Install or reinstall the NVIDIA driver, or reboot if it was just updated, then check that nvidia-smi works in a terminal.'
    : 'Run nvidia-smi in a terminal to see the whole message.';
  return { available: false, reason: 'driver-error', message: `nvidia-smi failed (exit code ${result.exitCode}): ${said || 'no message'}. ${advice}` };
}

function unreadable(error: unknown): Unavailable {
  const detail = error instanceof Error ? error.message : String(error);
  return { available: false, reason: 'unreadable', message: `${detail} Updating the NVIDIA driver may help; running nvidia-smi in a terminal shows what it prints.` };
}

function firstLine(text: string): string {
  return dataLines(text)[0]?.replace(/\.$/, '') ?? '';
}
