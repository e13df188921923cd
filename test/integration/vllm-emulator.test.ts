// The vLLM emulator (test/fixtures/vllm-emulator) tested as the app will use it: a real `vllm`
// executable, real child processes, real sockets. Every process started here is spawned in
// its own process group and the whole group is SIGKILLed afterwards, even when a test fails,
// because the emulator (like vLLM) leaves its EngineCore behind when the API server dies.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const VLLM = fileURLToPath(new URL('../fixtures/bin/vllm', import.meta.url));
const MODEL = 'Qwen/Qwen2.5-7B-Instruct';

interface Line {
  stream: 'stdout' | 'stderr';
  text: string;
}

interface Emulator {
  proc: ChildProcess;
  port: number;
  pidFile: string;
  lines: Line[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  text: (stream?: 'stdout' | 'stderr') => string;
}

const running: Emulator[] = [];
const tempDirs: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // group already empty
  }
}

/** Splits a stream into lines; tqdm's `\r` updates count as line breaks, like a log viewer's. */
function collect(stream: NodeJS.ReadableStream, name: Line['stream'], into: Line[]): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split(/\r\n|\r|\n/);
    rest = parts.pop() ?? '';
    for (const text of parts) into.push({ stream: name, text });
  });
  stream.on('end', () => {
    if (rest) into.push({ stream: name, text: rest });
  });
}

async function startEmulator(args: string[], env: Record<string, string> = {}, opts: { port?: number } = {}): Promise<Emulator> {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'vllm-emu-test-'));
  tempDirs.push(dir);
  const pidFile = join(dir, 'pids.json');
  const proc = spawn(VLLM, ['serve', ...args.map((a) => a.replace('{port}', String(port)))], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', VLLM_EMU_STARTUP_MS: '300', VLLM_EMU_PID_FILE: pidFile, ...env },
  });
  const lines: Line[] = [];
  if (proc.stdout) collect(proc.stdout, 'stdout', lines);
  if (proc.stderr) collect(proc.stderr, 'stderr', lines);
  // 'exit', not 'close': orphaned engine children keep the pipes open after the server dies.
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const emu: Emulator = {
    proc,
    port,
    pidFile,
    lines,
    exit,
    text: (stream) => lines.filter((l) => !stream || l.stream === stream).map((l) => l.text).join('\n'),
  };
  running.push(emu);
  return emu;
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpCall(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface SseEvent {
  t: number;
  data: string;
}

/** Streams a chat completion, timestamping each SSE event as it completes (events may span reads). */
function streamChat(port: number, body: object): Promise<{ status: number; events: SseEvent[]; start: number; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' } },
      (res) => {
        const events: SseEvent[] = [];
        let buffer = '';
        const decoder = new TextDecoder();
        res.on('data', (chunk: Buffer) => {
          buffer += decoder.decode(chunk, { stream: true });
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const raw = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (raw.startsWith('data: ')) events.push({ t: performance.now(), data: raw.slice(6) });
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, events, start, ended: true }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, events, start, ended: false }));
        res.on('aborted', () => resolve({ status: res.statusCode ?? 0, events, start, ended: false }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const readPids = (emu: Emulator): { apiServer: number; engine: number[] } =>
  JSON.parse(readFileSync(emu.pidFile, 'utf8')) as { apiServer: number; engine: number[] };

async function waitReady(emu: Emulator): Promise<void> {
  await until('health 200', async () => {
    try {
      return (await httpCall(emu.port, 'GET', '/health')).status === 200;
    } catch {
      return false;
    }
  });
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

function cleanup(): void {
  for (const emu of running.splice(0)) {
    if (existsSync(emu.pidFile)) {
      try {
        for (const pid of readPids(emu).engine) if (alive(pid)) process.kill(pid, 'SIGKILL');
      } catch {
        // a torn pid file: the group kill below still reaches everyone
      }
    }
    killGroup(emu.proc.pid);
  }
}

afterAll(() => {
  cleanup();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const user = (content: string) => [{ role: 'user', content }];
const chunks = (events: SseEvent[]) =>
  events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Record<string, unknown> & { choices: Array<Record<string, unknown>> });

describe('vllm emulator: a server that starts and serves', () => {
  let emu: Emulator;
  let refusedDuringStartup = false;

  beforeAll(async () => {
    emu = await startEmulator(
      [MODEL, '--host', '127.0.0.1', '--port', '{port}', '--served-model-name', 'alpha', 'beta', '--max-model-len', '4K', '--seed', '7'],
      { VLLM_EMU_STARTUP_MS: '1000', VLLM_EMU_TTFT_MS: '5', VLLM_EMU_TOKENS_PER_S: '0', VLLM_EMU_COLOR: '1' },
    );
    await until('the engine line', () => emu.lines.some((l) => l.text.includes('Starting to load model')));
    refusedDuringStartup = await connectionRefused(emu.port);
    await waitReady(emu);
    await until('startup complete', () => emu.lines.some((l) => l.text.includes('Application startup complete.')));
  });

  it('refuses connections until ready, then logs the startup in order with real pids', () => {
    expect(refusedDuringStartup).toBe(true);
    const api = emu.proc.pid;
    const enginePid = readPids(emu).engine[0];
    expect(readPids(emu).apiServer).toBe(api);
    expect(enginePid).toBeGreaterThan(0);
    expect(readFileSync(`/proc/${enginePid}/cmdline`, 'utf8')).toMatch(/^VLLM::EngineCore/);
    const expectInOrder = (stream: 'stdout' | 'stderr', patterns: RegExp[]) => {
      const lines = emu.lines.filter((l) => l.stream === stream).map((l) => l.text);
      let from = 0;
      for (const p of patterns) {
        const at = lines.findIndex((l, i) => i >= from && p.test(l));
        expect(at, `${stream}: ${p}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    };
    const A = `\\(APIServer pid=${api}\\) INFO \\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\[[a-z_]+\\.py:\\d+\\] `;
    const E = `\\(EngineCore_DP0 pid=${enginePid}\\) INFO \\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\[[a-z_]+\\.py:\\d+\\] `;
    expectInOrder('stdout', [
      new RegExp(`^${A}vLLM API server version 0\\.11\\.0$`),
      new RegExp(`^${A}non-default args: \\{'model_tag': '${MODEL}', 'host': '127.0.0.1', 'port': ${emu.port}, 'model': '${MODEL}', 'seed': 7, 'max_model_len': 4096, 'served_model_name': \\['alpha', 'beta'\\]\\}$`),
      new RegExp(`^${A}Resolved architecture: Qwen2ForCausalLM$`),
      new RegExp(`^${A}Using max model len 4096$`),
      new RegExp(`^${E}Initializing a V1 LLM engine \\(v0\\.11\\.0\\) with config: model='${MODEL}'`),
      new RegExp(`^${E}Starting to load model ${MODEL}\\.\\.\\.$`),
      new RegExp(`^${E}Loading weights took \\d+\\.\\d\\d seconds$`),
      new RegExp(`^${E}Model loading took \\d+\\.\\d{4} GiB and \\d+\\.\\d{6} seconds$`),
      new RegExp(`^${E}torch\\.compile takes \\d+\\.\\d\\d s in total$`),
      new RegExp(`^${E}Available KV cache memory: \\d+\\.\\d\\d GiB$`),
      new RegExp(`^${E}GPU KV cache size: [\\d,]+ tokens$`),
      new RegExp(`^${E}Maximum concurrency for 4,096 tokens per request: \\d+\\.\\d\\dx$`),
      new RegExp(`^${E}Graph capturing finished in \\d+ secs, took \\d+\\.\\d\\d GiB$`),
      new RegExp(`^${E}init engine \\(profile, create kv cache, warmup model\\) took \\d+\\.\\d\\d seconds$`),
      new RegExp(`^${A}Starting vLLM API server 0 on http://127\\.0\\.0\\.1:${emu.port}$`),
      new RegExp(`^${A}Available routes are:$`),
      new RegExp(`^${A}Route: /health, Methods: GET$`),
    ]);
    expectInOrder('stderr', [
      /^Loading safetensors checkpoint shards: {3}0% Completed \| 0\/\d+ \[00:00<\?, \?it\/s\]$/,
      /^Loading safetensors checkpoint shards: 100% Completed \| (\d+)\/\1 /,
      /^Capturing CUDA graphs \(mixed prefill-decode, PIECEWISE\): 100%\|█{10}\| 67\/67 /,
      new RegExp(`^\\(APIServer pid=${api}\\) INFO: {5}Started server process \\[${api}\\]$`),
      new RegExp(`^\\(APIServer pid=${api}\\) INFO: {5}Waiting for application startup\\.$`),
      new RegExp(`^\\(APIServer pid=${api}\\) INFO: {5}Application startup complete\\.$`),
    ]);
    expect(emu.text()).not.toContain('\x1b'); // NO_COLOR wins over VLLM_EMU_COLOR
  });

  it('answers /health, /ping, /version and /v1/models like vLLM', async () => {
    const health = await httpCall(emu.port, 'GET', '/health');
    expect([health.status, health.body]).toEqual([200, '']);
    expect((await httpCall(emu.port, 'GET', '/ping')).status).toBe(200);
    expect(JSON.parse((await httpCall(emu.port, 'GET', '/version')).body)).toEqual({ version: '0.11.0' });
    const models = JSON.parse((await httpCall(emu.port, 'GET', '/v1/models')).body);
    expect(models.object).toBe('list');
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(['alpha', 'beta']);
    expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'vllm', root: MODEL, parent: null, max_model_len: 4096 });
    expect(models.data[0].permission[0]).toMatchObject({ object: 'model_permission', allow_sampling: true, organization: '*' });
  });

  it('streams role, content, finish and usage chunks, then [DONE], deterministically per (prompt, seed)', async () => {
    const body = { model: 'alpha', messages: user('Compare two small models'), stream: true, seed: 3, stream_options: { include_usage: true } };
    const run = await streamChat(emu.port, body);
    expect(run.status).toBe(200);
    expect(run.events.at(-1)?.data).toBe('[DONE]');
    const all = chunks(run.events);
    const usageChunk = all.at(-1);
    const choiceChunks = all.slice(0, -1);
    expect(choiceChunks[0]?.choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null });
    expect(choiceChunks[0]).toMatchObject({ object: 'chat.completion.chunk', model: 'alpha', system_fingerprint: 'vllm-0.11.0-emulator' });
    expect(choiceChunks[0]?.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    const last = choiceChunks.at(-1)?.choices[0];
    expect(last).toMatchObject({ finish_reason: 'stop', stop_reason: null, delta: { content: '' } });
    const middle = choiceChunks.slice(1, -1);
    for (const c of middle) expect(Object.keys(c.choices[0]?.delta as object)).toEqual(['content']);
    expect(usageChunk?.choices).toEqual([]);
    // 4 words + 4 per message; one token per chunk, the last being EOS.
    expect(usageChunk?.usage).toEqual({ prompt_tokens: 8, total_tokens: 8 + middle.length + 1, completion_tokens: middle.length + 1 });
    expect(middle.length + 1).toBeGreaterThanOrEqual(20);
    expect(middle.length + 1).toBeLessThanOrEqual(300);

    const text = (events: SseEvent[]) => chunks(events).map((c) => (c.choices[0]?.delta as { content?: string } | undefined)?.content ?? '').join('');
    const again = await streamChat(emu.port, body);
    expect(text(again.events)).toBe(text(run.events));
    const otherSeed = await streamChat(emu.port, { ...body, seed: 4 });
    expect(text(otherSeed.events)).not.toBe(text(run.events));
    const nonStream = JSON.parse((await httpCall(emu.port, 'POST', '/v1/chat/completions', JSON.stringify({ ...body, stream: false }))).body);
    expect(nonStream.choices[0].message.content).toBe(text(run.events));
    expect(nonStream.usage.completion_tokens).toBe(middle.length + 1);

    const cut = chunks((await streamChat(emu.port, { ...body, max_tokens: 5 })).events);
    expect(cut.at(-2)?.choices[0]?.finish_reason).toBe('length');
    expect(cut.at(-1)?.usage).toMatchObject({ completion_tokens: 5 });
  });

  it('returns vLLM error shapes: unknown model 404, context length 400, invalid JSON 400', async () => {
    const unknown = await httpCall(emu.port, 'POST', '/v1/chat/completions', JSON.stringify({ model: 'nope', messages: user('hi') }));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ error: { message: 'The model `nope` does not exist.', type: 'NotFoundError', param: 'model', code: 404 } });

    const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ');
    const tooLong = await httpCall(emu.port, 'POST', '/v1/chat/completions', JSON.stringify({ model: 'alpha', messages: user(words(4100)) }));
    expect(tooLong.status).toBe(400);
    expect(JSON.parse(tooLong.body).error).toEqual({
      message: "This model's maximum context length is 4096 tokens. However, your request has 4104 input tokens. Please reduce the length of the input messages.",
      type: 'BadRequestError', param: null, code: 400,
    });
    const bigMax = await httpCall(emu.port, 'POST', '/v1/chat/completions', JSON.stringify({ model: 'alpha', messages: user(words(96)), max_tokens: 4000 }));
    expect(bigMax.status).toBe(400);
    expect(JSON.parse(bigMax.body).error.message).toBe(
      "'max_tokens' or 'max_completion_tokens' is too large: 4000. This model's maximum context length is 4096 tokens and your request has 100 input tokens (4000 > 4096 - 100).",
    );
    const justFits = await httpCall(emu.port, 'POST', '/v1/chat/completions', JSON.stringify({ model: 'alpha', messages: user(words(96)), max_tokens: 3996 }));
    expect(justFits.status).toBe(200);

    const bad = await httpCall(emu.port, 'POST', '/v1/chat/completions', '{"model": ');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({ type: 'Bad Request', code: 400 });
  });

  it('counts served traffic in /metrics', async () => {
    const metrics = await httpCall(emu.port, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    const value = (name: string) => Number(new RegExp(`^${name}\\{model_name="alpha",engine="0"\\} (\\S+)$`, 'm').exec(metrics.body)?.[1]);
    expect(value('vllm:generation_tokens_total')).toBeGreaterThan(0);
    expect(value('vllm:prompt_tokens_total')).toBeGreaterThan(0);
    expect(value('vllm:time_to_first_token_seconds_count')).toBeGreaterThan(0);
    expect(metrics.body).toContain('# TYPE vllm:e2e_request_latency_seconds histogram');
  });
});

describe('vllm emulator: options, failures and process tree', () => {
  afterEach(cleanup);

  it('fails on bad argv like argparse and prints --version', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const p = spawn(VLLM, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => resolve({ code, out, err }));
      });
    const unknown = await run(['serve', MODEL, '--foo', 'bar']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^usage: vllm \[-h\].*\nvllm: error: unrecognized arguments: --foo bar\n$/);
    const dtype = await run(['serve', MODEL, '--dtype=int3']);
    expect(dtype.code).toBe(2);
    expect(dtype.err).toContain("vllm serve: error: argument --dtype: invalid choice: 'int3' (choose from 'auto', 'half', 'float16', 'bfloat16', 'float', 'float32')");
    const moduleForm = await run(['-m', 'vllm.entrypoints.openai.api_server', MODEL]);
    expect(moduleForm.code).toBe(2);
    expect(moduleForm.err).toContain(`api_server.py: error: unrecognized arguments: ${MODEL}`);
    const version = await run(['--version']);
    expect([version.code, version.out]).toEqual([0, '0.11.0\n']);
  });

  it('guards /v1/* with --api-key and can use the older flat error shape', async () => {
    const emu = await startEmulator([MODEL, '--host', '127.0.0.1', '--port', '{port}', '--api-key', 'sk-test'], { VLLM_EMU_ERROR_STYLE: 'flat' });
    await waitReady(emu);
    const denied = await httpCall(emu.port, 'GET', '/v1/models');
    expect([denied.status, denied.body]).toEqual([401, '{"error":"Unauthorized"}']);
    expect((await httpCall(emu.port, 'GET', '/v1/models', undefined, { authorization: 'Bearer sk-test' })).status).toBe(200);
    const missing = await httpCall(emu.port, 'POST', '/v1/chat/completions', JSON.stringify({ model: 'x', messages: user('hi') }), { authorization: 'Bearer sk-test' });
    expect(JSON.parse(missing.body)).toEqual({ object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', param: 'model', code: 404 });
  });

  it('fails startup with a CUDA OOM during weight loading: root cause, wrapper line, exit 1, no children left', async () => {
    const emu = await startEmulator(['emu/fail-cuda-oom', '--host', '127.0.0.1', '--port', '{port}']);
    const { code } = await emu.exit;
    expect(code).toBe(1);
    const err = emu.text('stderr');
    expect(err).toMatch(/\(EngineCore_DP0 pid=\d+\) torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate 1\.71 GiB\./);
    const lastLine = emu.lines.filter((l) => l.stream === 'stderr' && l.text.trim()).at(-1)?.text;
    expect(lastLine).toBe(`(APIServer pid=${emu.proc.pid}) RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}`);
    expect(emu.text('stdout')).toContain('Starting to load model emu/fail-cuda-oom...');
    expect(emu.text('stdout')).not.toContain('Available KV cache memory');
    for (const pid of readPids(emu).engine) await until(`engine ${pid} gone`, () => !alive(pid), 3000);
  });

  it('fails like vLLM when free GPU memory is below the requested utilization', async () => {
    const emu = await startEmulator([MODEL, '--port', '{port}', '--gpu-memory-utilization', '0.9'], {
      VLLM_EMU_GPU_TOTAL_GIB: '15.98', VLLM_EMU_GPU_FREE_GIB: '3.27',
    });
    expect((await emu.exit).code).toBe(1);
    expect(emu.text('stderr')).toContain(
      'ValueError: Free memory on device cuda:0 (3.27/15.98 GiB) on startup is less than desired GPU memory utilization (0.9, 14.38 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.',
    );
  });

  it('reports a busy port before loading the model', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const emu = await startEmulator([MODEL, '--host', '127.0.0.1', '--port', String(port)], {}, { port });
      expect((await emu.exit).code).toBe(1);
      expect(emu.text('stderr')).toMatch(/OSError: \[Errno 98\] Address already in use$/);
      expect(emu.text('stdout')).not.toContain('Starting to load model');
    } finally {
      blocker.close();
    }
  });

  it('shuts down on SIGTERM with the uvicorn lines and takes the engine and workers with it', async () => {
    const twoGpus = JSON.stringify([{ name: 'NVIDIA GeForce RTX 4090', totalMiB: 24564, usedMiB: 0 }, { name: 'NVIDIA GeForce RTX 4090', totalMiB: 24564, usedMiB: 0 }]);
    const emu = await startEmulator([MODEL, '--port', '{port}', '-tp', '2', '--enforce-eager'], { VLLM_EMU_LOG_STYLE: 'v0.30', NVIDIA_SMI_EMU_GPUS: twoGpus });
    await waitReady(emu);
    const pids = readPids(emu).engine;
    expect(pids).toHaveLength(3); // EngineCore + 2 tensor-parallel workers
    const out = emu.text('stdout');
    expect(out).toMatch(/\(EngineCore pid=\d+\) INFO .* GPU KV cache size: [\d,]+ tokens, Maximum concurrency for 32,768 tokens per request: \d+\.\d\dx/);
    expect(out).toMatch(/\(Worker_TP1 pid=\d+\) INFO .* Starting to load model/);
    expect(out).toMatch(/init engine \(profile, create kv cache, warmup model\) took \d+\.\d\d s$/m);
    expect(out).toContain(`Starting vLLM server on http://0.0.0.0:${emu.port}`);
    expect(out).toContain('Cudagraph is disabled under eager mode');
    expect(out).not.toContain('torch.compile and initial profiling');
    expect(emu.text('stderr')).not.toContain('Capturing CUDA graphs');
    emu.proc.kill('SIGTERM');
    expect((await emu.exit).code).toBe(0);
    expect(emu.text('stdout')).toContain('Shutting down FastAPI HTTP server.');
    expect(emu.text('stderr')).toContain(`INFO:     Finished server process [${emu.proc.pid}]`);
    for (const pid of pids) await until(`child ${pid} gone`, () => !alive(pid), 3000);
  });

  it('with VLLM_EMU_IGNORE_SIGTERM, a SIGKILLed server leaves its EngineCore running as an orphan', async () => {
    const emu = await startEmulator([MODEL, '--port', '{port}'], { VLLM_EMU_IGNORE_SIGTERM: '1' });
    await waitReady(emu);
    const [engine] = readPids(emu).engine;
    if (engine === undefined) throw new Error('no engine pid');
    emu.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(emu.proc.pid ?? 0)).toBe(true);
    emu.proc.kill('SIGKILL');
    expect((await emu.exit).signal).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(engine)).toBe(true);
    process.kill(engine, 'SIGKILL');
    await until('orphan gone', () => !alive(engine), 3000);
  });

  it('turns /health to 503 and exits 1 when the engine dies while serving', async () => {
    const emu = await startEmulator([MODEL, '--port', '{port}'], { VLLM_EMU_ENGINE_DIES_AFTER_MS: '200' });
    await waitReady(emu);
    await until('health 503', async () => (await httpCall(emu.port, 'GET', '/health')).status === 503, 3000);
    expect((await emu.exit).code).toBe(1);
    expect(emu.text('stdout')).toContain('Engine core proc EngineCore_DP0 died unexpectedly, shutting down client.');
    expect(emu.text('stdout')).toContain('EngineDeadError: EngineCore encountered an issue.');
  });

  it('paces a stream at 50 tokens/s within 2%, and streams far faster when unthrottled', async () => {
    const paced = await startEmulator([MODEL, '--port', '{port}'], { VLLM_EMU_TOKENS_PER_S: '50', VLLM_EMU_OUTPUT_TOKENS: '76' });
    // 200000 is beyond the model's 32768 positions: vLLM allows it only with VLLM_ALLOW_LONG_MAX_MODEL_LEN.
    const fast = await startEmulator(['emu/tiny', '--port', '{port}', '--max-model-len', '200000'], {
      VLLM_EMU_TOKENS_PER_S: '0', VLLM_EMU_OUTPUT_TOKENS: '100000', VLLM_ALLOW_LONG_MAX_MODEL_LEN: '1',
    });
    await Promise.all([waitReady(paced), waitReady(fast)]);

    const slow = await streamChat(paced.port, { messages: user('pace me'), stream: true });
    const choiceEvents = slow.events.filter((e) => e.data !== '[DONE]' && (JSON.parse(e.data) as { choices: unknown[] }).choices.length > 0);
    expect(choiceEvents).toHaveLength(77); // role + 76 tokens (the last is EOS)
    const first = choiceEvents[1];
    const last = choiceEvents.at(-1);
    if (!first || !last) throw new Error('missing events');
    const rate = 75 / ((last.t - first.t) / 1000);
    expect(rate).toBeGreaterThan(49);
    expect(rate).toBeLessThan(51);
    expect(first.t - slow.start).toBeGreaterThanOrEqual(40); // TTFT default

    const quick = await streamChat(fast.port, { messages: user('go fast'), stream: true, max_tokens: 150000 });
    const events = quick.events.filter((e) => e.data !== '[DONE]');
    expect(events).toHaveLength(100001);
    const firstEvent = events[0];
    const lastEvent = events.at(-1);
    if (!firstEvent || !lastEvent) throw new Error('missing events');
    const tokensPerS = 100000 / ((lastEvent.t - firstEvent.t) / 1000);
    expect(tokensPerS).toBeGreaterThan(50000);
  });
});
