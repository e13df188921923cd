// A `vllm serve` emulator (test/fixtures/bin/vllm) ready to answer requests, for tests and benchmarks that
// talk to it over HTTP. Spawned in its own process group, and the whole group is SIGKILLed by stop(): the
// emulator, like vLLM, leaves its EngineCore behind when only the API server dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VLLM = fileURLToPath(new URL('../fixtures/bin/vllm', import.meta.url));

export interface ServingEmulator {
  port: number;
  origin: string;
  baseUrl: string;
  model: string;
  /** Resolves when the API server process has exited. */
  exited: Promise<void>;
  /**
   * From the emulator's own CLOCK_MONOTONIC event log: the request whose body contains `marker`, from its first
   * byte at the server to its first token sent, in ms (what the server really took, timer lateness included).
   */
  serverFirstTokenSpanMs(marker: string): number;
  stop(): void;
}

export interface ServingEmulatorOptions {
  model?: string;
  maxModelLen?: number;
  extraArgs?: string[];
  env?: Record<string, string>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startServingEmulator(options: ServingEmulatorOptions = {}): Promise<ServingEmulator> {
  const port = await freePort();
  const eventsDir = mkdtempSync(join(tmpdir(), 'pairwise-emulator-'));
  const eventsFile = join(eventsDir, 'events.jsonl');
  const model = options.model ?? 'Qwen/Qwen3-4B-Instruct-2507';
  const args = ['serve', model, '--host', '127.0.0.1', '--port', String(port), '--max-model-len', String(options.maxModelLen ?? 4096), ...(options.extraArgs ?? [])];
  const child = spawn(VLLM, args, {
    env: { ...process.env, VLLM_EMU_STARTUP_MS: '200', NO_COLOR: '1', VLLM_EMU_EVENTS_FILE: eventsFile, ...options.env },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const emulator: ServingEmulator = {
    port,
    origin,
    baseUrl: `${origin}/v1`,
    model,
    exited,
    serverFirstTokenSpanMs: (marker) => firstTokenSpanMs(eventsFile, marker),
    stop: () => {
      killGroup(child);
      rmSync(eventsDir, { recursive: true, force: true });
    },
  };
  try {
    await waitForHealth(origin, exited);
  } catch (error) {
    emulator.stop();
    throw new Error(`${(error as Error).message}\n${stderr.slice(-2000)}`, { cause: error });
  }
  return emulator;
}

interface EmulatorEvent {
  event: string;
  t_ns: string;
  req?: number;
  body?: unknown;
}

function firstTokenSpanMs(eventsFile: string, marker: string): number {
  const events = readFileSync(eventsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as EmulatorEvent);
  const received = events.find((e) => e.event === 'request_received' && JSON.stringify(e.body ?? null).includes(marker));
  const at = (name: string) => events.find((e) => e.event === name && e.req === received?.req);
  const firstByte = at('request_first_byte');
  const firstToken = at('first_token_sent');
  if (!received || !firstByte || !firstToken) throw new Error(`no emulator events for a request containing "${marker}"`);
  return Number(BigInt(firstToken.t_ns) - BigInt(firstByte.t_ns)) / 1e6;
}

function killGroup(child: ChildProcess): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

async function waitForHealth(origin: string, exited: Promise<void>, timeoutMs = 20_000): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error('the emulator exited before it was ready');
    try {
      const response = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the emulator at ${origin} was not ready within ${timeoutMs} ms`);
}
