// The vLLM emulator's GPU memory accounting, held against vLLM's own formulas (README "Memory accounting"):
// real `vllm serve` processes of the emulator on emulated GPUs (NVIDIA_SMI_EMU_GPUS), a real ledger directory
// shared with the nvidia-smi double, every figure checked against the arithmetic written out here.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHfCache } from '../fixtures/hf-cache/build-cache';
import { HUB, QWEN25_05B_INSTRUCT_CONFIG, safetensorsIndex, shardName } from '../fixtures/hf-cache/models';
import {
  BLOCK_SIZE, CUDA_CONTEXT_BYTES, CUDA_GRAPH_BASE_BYTES, CUDA_GRAPH_PER_LAYER_BYTES, GiB, LOGITS_BYTES, LOGITS_COPIES, MiB,
  NON_TORCH_BYTES, NON_TORCH_TP_EXTRA_BYTES, PROFILE_WORKSPACE_BYTES, planStartup, type ServeArgs,
} from '../fixtures/vllm-emulator/model-memory.mjs';
import { emulatorEnv } from '../support/emulator';
import { freePort } from '../support/serving-emulator';
import { makeTempDir } from '../support/temp-dir';

const VLLM = fileURLToPath(new URL('../fixtures/bin/vllm', import.meta.url));
const NVIDIA_SMI = fileURLToPath(new URL('../fixtures/bin/nvidia-smi', import.meta.url));
const run = promisify(execFile);

const RTX_4090_D = { name: 'NVIDIA GeForce RTX 4090 D', totalMiB: 24564, usedMiB: 0 };
/** CUDA's total of a 24564 MiB card: memory.total − round(2 %) reserved. */
const CUDA_TOTAL_4090 = (24564 - Math.round(24564 * 0.0196)) * MiB;

// ---- The accounting, written out from vLLM's source (independently of the emulator's code) ----------------

interface Shape { layers: number; hidden: number; heads: number; kvHeads: number; headDim: number; inter: number; vocab: number }
function shapeOf(id: string): Shape {
  const c = HUB[id]!.config as Record<string, number>;
  return {
    layers: c.num_hidden_layers!, hidden: c.hidden_size!, heads: c.num_attention_heads!, kvHeads: c.num_key_value_heads!,
    headDim: c.head_dim ?? c.hidden_size! / c.num_attention_heads!, inter: c.intermediate_size!, vocab: c.vocab_size!,
  };
}
/** determine_available_memory's torch peak: max_num_batched_tokens activations + max_num_seqs float32 logits x3 + workspace. */
const torchPeak = (s: Shape, tokens = 2048, seqs = 256, bytes = 2) =>
  tokens * (4 * s.hidden + 2 * s.inter + (s.heads + 2 * s.kvHeads) * s.headDim) * bytes + seqs * s.vocab * LOGITS_BYTES * LOGITS_COPIES + PROFILE_WORKSPACE_BYTES;
/** One KV block (16 tokens) over all layers on one GPU: 2 x 16 x kv_heads/TP x head_dim x bytes x layers. */
const blockBytes = (s: Shape, kvBytes = 2, tp = 1) => 2 * BLOCK_SIZE * Math.max(1, Math.floor(s.kvHeads / tp)) * s.headDim * kvBytes * s.layers;
const graphBytes = (s: Shape) => CUDA_GRAPH_BASE_BYTES + CUDA_GRAPH_PER_LAYER_BYTES * s.layers;
/** Python's repr(round(x / GiB, 2)), as vLLM's free-memory message prints it. */
const pyGiB = (bytes: number) => {
  const r = Number((bytes / GiB).toFixed(2));
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
};
const thousands = (n: number) => n.toLocaleString('en-US');

interface Budget { requested: number; weights: number; peak: number; nonTorch: number; available: number; blocks: number; tokens: number; kvBytes: number }
function budget(o: { total: number; util: number; weights: number; shape: Shape; kvBytes?: number; tp?: number }): Budget {
  const tp = o.tp ?? 1;
  const requested = Math.ceil(o.total * o.util);
  const weights = Math.round(o.weights / tp);
  const peak = torchPeak(o.shape);
  const nonTorch = NON_TORCH_BYTES + (tp > 1 ? NON_TORCH_TP_EXTRA_BYTES : 0);
  const available = requested - (weights + peak + nonTorch);
  const block = blockBytes(o.shape, o.kvBytes ?? 2, tp);
  const blocks = Math.floor(available / block);
  return { requested, weights, peak, nonTorch, available, blocks, tokens: blocks * BLOCK_SIZE, kvBytes: blocks * block };
}
/** Online fp8: linear layers at 1 byte per weight, everything else stays as the 16-bit checkpoint has it. */
function fp8Weights(id: string): number {
  const s = shapeOf(id);
  const linear = s.layers * (s.hidden * s.heads * s.headDim * 2 + 2 * s.hidden * s.kvHeads * s.headDim + 3 * s.hidden * s.inter);
  return linear + (HUB[id]!.weightsBytes - 2 * linear);
}

// ---- Processes ---------------------------------------------------------------------------------------------

interface Server {
  proc: ChildProcess;
  port: number;
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  text: () => string;
  /** The one line containing `needle` (fails the test if there is none). */
  line: (needle: string | RegExp) => string;
}

const started: Server[] = [];
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let ledger: string;
let hfCache: string;

beforeEach(async () => {
  dir = await makeTempDir('emu-gpu-memory-');
  ledger = join(dir.path, 'ledger');
  hfCache = join(dir.path, 'hf-hub');
  await mkdir(hfCache, { recursive: true });
});
afterEach(async () => {
  for (const s of started.splice(0)) {
    try {
      process.kill(-(s.proc.pid ?? 0), 'SIGKILL'); // the whole group: EngineCore and workers too
    } catch {
      // already gone
    }
  }
  await dir.remove();
});

function env(gpus: object[], extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return emulatorEnv({
    NO_COLOR: '1', VLLM_EMU_STARTUP_MS: '0', NVIDIA_SMI_EMU_GPUS: JSON.stringify(gpus), EMU_GPU_LEDGER: ledger, HF_HUB_CACHE: hfCache, ...extra,
  });
}

async function serve(args: string[], gpus: object[] = [RTX_4090_D], extra: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const proc = spawn(VLLM, ['serve', ...args, '--host', '127.0.0.1', '--port', String(port)], { env: env(gpus, extra), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const rest = { stdout: '', stderr: '' };
  for (const name of ['stdout', 'stderr'] as const) {
    proc[name]!.setEncoding('utf8');
    proc[name]!.on('data', (chunk: string) => {
      const parts = (rest[name] + chunk).split(/\r\n|\r|\n/);
      rest[name] = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
  // 'exit', not 'close': a SIGKILLed server's orphans would keep the pipes open.
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const server: Server = {
    proc, port, lines, exit,
    text: () => lines.join('\n'),
    line: (needle) => {
      const found = lines.filter((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l)));
      expect(found, `a line with ${String(needle)} in:\n${lines.join('\n')}`).not.toHaveLength(0);
      return found[0]!;
    },
  };
  started.push(server);
  return server;
}

/**
 * Resolves once the server logged uvicorn's last startup line (stderr) and vLLM's "Starting vLLM ... server" (stdout);
 * throws (with the log) if it exits first. Both are needed: the EngineCore's lines (KV cache, graphs) share the
 * stdout pipe and precede "Starting vLLM", but stderr can be read before stdout's earlier writes.
 */
async function ready(server: Server): Promise<Server> {
  const outcome = await Promise.race([
    server.exit.then((e) => `exited ${JSON.stringify(e)}`),
    new Promise<string>((resolve) => {
      const check = setInterval(() => {
        if (server.lines.some((l) => l.includes('Application startup complete.')) && server.lines.some((l) => /Starting vLLM (API )?server/.test(l))) {
          clearInterval(check);
          resolve('ready');
        }
      }, 5);
      void server.exit.then(() => clearInterval(check));
    }),
  ]);
  if (outcome !== 'ready') throw new Error(`not ready (${outcome}):\n${server.text()}`);
  return server;
}

/** Gone, or a zombie that init has not reaped yet: either way its GPU memory is free. */
async function dead(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true;
  }
}

/**
 * SIGKILLs the server's group and waits until its GPU-holding children are dead too (their ledger entries stay
 * behind, for pids the readers skip). The API server's exit alone does not say the EngineCore has died yet.
 */
async function stop(server: Server): Promise<void> {
  try {
    process.kill(-(server.proc.pid ?? 0), 'SIGKILL');
  } catch {
    // already gone
  }
  await server.exit;
  const pids = [...new Set([...server.text().matchAll(/\((?:EngineCore\w*|Worker\w*) pid=(\d+)\)/g)].map((m) => Number(m[1])))];
  const deadline = Date.now() + 5000;
  for (const pid of pids) {
    while (!(await dead(pid))) {
      if (Date.now() > deadline) throw new Error(`pid ${pid} still alive 5 s after SIGKILL`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

async function fails(server: Server): Promise<string> {
  const { code } = await server.exit;
  expect(code, server.text()).toBe(1);
  return server.text();
}

const enginePid = (server: Server) => Number(/\(EngineCore_DP0 pid=(\d+)\)/.exec(server.text())![1]);

async function ledgerEntries(): Promise<Array<{ pid: number; name: string; gpus: Record<string, number> }>> {
  const files = (await readdir(ledger)).filter((f) => /^\d+\.json$/.test(f));
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(ledger, f), 'utf8')) as { pid: number; name: string; gpus: Record<string, number> }));
}

async function nvidiaSmi(gpus: object[], query: string): Promise<string> {
  const { stdout } = await run(NVIDIA_SMI, [query, '--format=csv,noheader,nounits'], { env: env(gpus) });
  return stdout.trim();
}

const qwen2 = shapeOf('Qwen/Qwen2-7B-Instruct');
const qwen3 = shapeOf('Qwen/Qwen3-4B-Instruct-2507');
const QWEN2_BYTES = HUB['Qwen/Qwen2-7B-Instruct']!.weightsBytes;
const QWEN3_BYTES = HUB['Qwen/Qwen3-4B-Instruct-2507']!.weightsBytes;

describe('the emulator sizes memory as vLLM does', () => {
  it('starts Qwen2-7B-Instruct (bf16) at 0.9 on an RTX 4090 D and prints the KV figures of the formula', async () => {
    const server = await ready(await serve(['Qwen/Qwen2-7B-Instruct', '--gpu-memory-utilization', '0.9', '--max-model-len', '8192'], [RTX_4090_D], { VLLM_LOGGING_LEVEL: 'DEBUG' }));
    const b = budget({ total: CUDA_TOTAL_4090, util: 0.9, weights: QWEN2_BYTES, shape: qwen2 });
    expect(b.available / GiB).toBeCloseTo(5.98, 2); // 21.17 GiB requested - (14.19 weights + 0.85 peak + 0.15 non-torch)
    expect(server.line('Model loading took')).toMatch(new RegExp(`Model loading took ${(QWEN2_BYTES / GiB).toFixed(4)} GiB and `));
    expect(server.line('Available KV cache memory')).toMatch(new RegExp(`Available KV cache memory: ${(b.available / GiB).toFixed(2)} GiB$`));
    expect(server.line('GPU KV cache size')).toMatch(new RegExp(`GPU KV cache size: ${thousands(b.tokens)} tokens$`));
    expect(server.line('Maximum concurrency')).toMatch(new RegExp(`Maximum concurrency for 8,192 tokens per request: ${(b.blocks / (8192 / 16)).toFixed(2)}x$`));
    expect(server.line('Graph capturing finished')).toMatch(new RegExp(`took ${(graphBytes(qwen2) / GiB).toFixed(2)} GiB$`));
    expect(server.line('Chunked prefill is enabled')).toMatch(/max_num_batched_tokens=2048\.$/);
    const g = (x: number) => String(Number((x / GiB).toFixed(2)));
    expect(server.line('Memory profiling takes')).toContain(
      `Total non KV cache memory: ${g(b.weights + b.peak + b.nonTorch)}GiB; torch peak memory increase: ${g(b.peak)}GiB; non-torch forward increase memory: ${g(b.nonTorch)}GiB; weights memory: ${g(b.weights)}GiB.`,
    );
    // Ready, it holds its context, the requested budget (less the unused end of the last block) and the graphs.
    const [entry] = await ledgerEntries();
    const held = CUDA_CONTEXT_BYTES + b.weights + b.nonTorch + b.peak + b.kvBytes + graphBytes(qwen2);
    expect(entry).toMatchObject({ pid: enginePid(server), name: 'VLLM::EngineCore', gpus: { 0: Math.ceil(held / MiB) } });
  });

  it('fails a second server on the same GPU with the free memory the first one left, which nvidia-smi shows as a compute app', async () => {
    const first = await ready(await serve(['Qwen/Qwen3-4B-Instruct-2507', '--gpu-memory-utilization', '0.9', '--max-model-len', '8192']));
    const b3 = budget({ total: CUDA_TOTAL_4090, util: 0.9, weights: QWEN3_BYTES, shape: qwen3 });
    const heldMiB = Math.ceil((CUDA_CONTEXT_BYTES + b3.weights + b3.nonTorch + b3.peak + b3.kvBytes + graphBytes(qwen3)) / MiB);
    expect((await ledgerEntries()).map((e) => e.gpus['0'])).toEqual([heldMiB]);

    const second = await serve(['Qwen/Qwen2-7B-Instruct', '--gpu-memory-utilization', '0.9', '--max-model-len', '8192']);
    const text = await fails(second);
    const free0 = CUDA_TOTAL_4090 - heldMiB * MiB - CUDA_CONTEXT_BYTES; // what cudaMemGetInfo leaves the second one
    expect(text).toContain(
      `ValueError: Free memory on device cuda:0 (${pyGiB(free0)}/${pyGiB(CUDA_TOTAL_4090)} GiB) on startup is less than desired GPU memory utilization (0.9, ${pyGiB(Math.ceil(CUDA_TOTAL_4090 * 0.9))} GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.`,
    );
    expect(text).toMatch(/RuntimeError: Engine core initialization failed\. See root cause above\. Failed core proc\(s\): \{\}$/);

    // The failed one is gone from the ledger; the first is a compute app and counts in memory.used.
    expect(await nvidiaSmi([RTX_4090_D], '--query-compute-apps=pid,process_name,used_memory')).toBe(`${enginePid(first)}, VLLM::EngineCore, ${heldMiB}`);
    expect(await nvidiaSmi([RTX_4090_D], '--query-gpu=memory.used,memory.free,compute_cap')).toBe(`${heldMiB}, ${CUDA_TOTAL_4090 / MiB - heldMiB}, 8.9`);
  });

  it('--quantization fp8 loads the fp8 size, but needs the 16-bit weights to fit while loading', async () => {
    const fp8 = await ready(await serve(['Qwen/Qwen2-7B-Instruct', '--gpu-memory-utilization', '0.9', '--max-model-len', '8192', '--quantization', 'fp8']));
    const weights = fp8Weights('Qwen/Qwen2-7B-Instruct');
    expect(weights / GiB).toBeCloseTo(8.108, 3);
    expect(fp8.line('Model loading took')).toMatch(new RegExp(`Model loading took ${(weights / GiB).toFixed(4)} GiB`));
    const b = budget({ total: CUDA_TOTAL_4090, util: 0.9, weights, shape: qwen2 });
    expect(fp8.line('GPU KV cache size')).toMatch(new RegExp(`${thousands(b.tokens)} tokens$`));
    expect(fp8.text()).not.toContain('Marlin'); // capability 8.9: native fp8
    await stop(fp8);

    // 10000 MiB taken by someone else: the fp8 model would fit in half the GPU, its 16-bit weights do not.
    const crowded = [{ ...RTX_4090_D, usedMiB: 10000 }];
    const free0 = CUDA_TOTAL_4090 - 10000 * MiB - CUDA_CONTEXT_BYTES;
    const half = budget({ total: CUDA_TOTAL_4090, util: 0.5, weights, shape: qwen2 });
    expect(half.requested).toBeLessThan(free0);
    expect(half.available).toBeGreaterThan(blockBytes(qwen2) * 512); // one 8192-token sequence fits
    expect(QWEN2_BYTES).toBeGreaterThan(free0);
    const text = await fails(await serve(['Qwen/Qwen2-7B-Instruct', '--gpu-memory-utilization', '0.5', '--max-model-len', '8192', '--quantization', 'fp8'], crowded));
    const oom = /torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate ([\d.]+) (GiB|MiB)\. GPU 0 has a total capacity of 23\.52 GiB of which ([\d.]+) (GiB|MiB) is free\. Including non-PyTorch memory, this process has ([\d.]+) GiB memory in use\./.exec(text);
    expect(oom, text).not.toBeNull();
    const inUse = Number(oom![5]) * GiB;
    expect(inUse).toBeGreaterThan(weights); // more than the fp8 weights: the 16-bit ones were being loaded
    expect(Math.abs(inUse + Number(oom![3]) * (oom![4] === 'GiB' ? GiB : MiB) - (free0 + CUDA_CONTEXT_BYTES))).toBeLessThan(0.01 * GiB);
    expect(text).not.toContain('Model loading took');
  });

  it('loads a pre-quantized AWQ checkpoint at its stored size, with the awq_marlin kernel', async () => {
    const server = await ready(await serve(['Qwen/Qwen2-7B-Instruct-AWQ', '--gpu-memory-utilization', '0.9', '--max-model-len', '8192']));
    const stored = HUB['Qwen/Qwen2-7B-Instruct-AWQ']!.weightsBytes;
    expect(server.line('Model loading took')).toMatch(new RegExp(`Model loading took ${(stored / GiB).toFixed(4)} GiB`));
    expect(server.line('convertible')).toMatch(/The model is convertible to awq_marlin during runtime\. Using awq_marlin kernel\.$/);
    expect(server.line('Initializing a V1 LLM engine')).toContain('dtype=torch.float16');
    expect(server.line('Initializing a V1 LLM engine')).toContain('quantization=awq_marlin');
    const b = budget({ total: CUDA_TOTAL_4090, util: 0.9, weights: stored, shape: qwen2 });
    expect(server.line('GPU KV cache size')).toMatch(new RegExp(`${thousands(b.tokens)} tokens$`));

    const mismatch = await fails(await serve(['Qwen/Qwen2-7B-Instruct-AWQ', '--quantization', 'gptq', '--max-model-len', '8192']));
    expect(mismatch).toContain('Value error, Quantization method specified in the model config (awq) does not match the quantization method specified in the `quantization` argument (gptq).');
    const noConfig = await fails(await serve(['Qwen/Qwen2-7B-Instruct', '--quantization', 'awq', '--max-model-len', '8192']));
    expect(noConfig).toContain('Value error, Cannot find the config file for awq');
  });

  it('--kv-cache-dtype fp8 doubles the KV cache tokens', async () => {
    const args = ['Qwen/Qwen2-7B-Instruct', '--gpu-memory-utilization', '0.9', '--max-model-len', '8192'];
    const auto = await ready(await serve(args));
    const fp8 = await ready(await serve([...args, '--kv-cache-dtype', 'fp8'], [{ ...RTX_4090_D }], { EMU_GPU_LEDGER: join(dir.path, 'other-ledger') }));
    const tokens = (s: Server) => Number(/GPU KV cache size: ([\d,]+) tokens/.exec(s.text())![1]!.replace(/,/g, ''));
    const b = budget({ total: CUDA_TOTAL_4090, util: 0.9, weights: QWEN2_BYTES, shape: qwen2, kvBytes: 1 });
    expect(tokens(fp8)).toBe(b.tokens);
    expect(tokens(fp8) - 2 * tokens(auto)).toBeGreaterThanOrEqual(0);
    expect(tokens(fp8) - 2 * tokens(auto)).toBeLessThanOrEqual(BLOCK_SIZE);
    expect(fp8.line('Initializing a V1 LLM engine')).toContain('kv_cache_dtype=fp8');
  });

  it('--enforce-eager leaves no graph memory and starts a configuration that runs out of memory capturing graphs', async () => {
    // At 0.96 what is left beyond requested_memory (23.07 - 22.58 GiB) is less than Qwen2-7B's 0.81 GiB of graphs.
    const args = ['Qwen/Qwen2-7B-Instruct', '--gpu-memory-utilization', '0.96', '--max-model-len', '8192'];
    const b = budget({ total: CUDA_TOTAL_4090, util: 0.96, weights: QWEN2_BYTES, shape: qwen2 });
    const leftForGraphs = CUDA_TOTAL_4090 - CUDA_CONTEXT_BYTES - (b.weights + b.nonTorch + b.peak + b.kvBytes);
    expect(leftForGraphs).toBeLessThan(graphBytes(qwen2));
    const text = await fails(await serve(args));
    expect(text).toMatch(/Capturing CUDA graphs \(mixed prefill-decode, PIECEWISE\): {3}0%/);
    const oom = /torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate 20\.00 MiB\. GPU 0 has a total capacity of 23\.52 GiB of which ([\d.]+) MiB is free\./.exec(text);
    expect(oom, text).not.toBeNull();
    expect(Number(oom![1])).toBeLessThan(20);
    expect(Number(oom![1]) * MiB).toBeCloseTo(leftForGraphs % (20 * MiB), -5);
    expect(text).not.toContain('Graph capturing finished');

    const eager = await ready(await serve([...args, '--enforce-eager']));
    expect(eager.text()).not.toContain('Graph capturing finished');
    expect(eager.line('Cudagraph is disabled under eager mode')).toBeTruthy();
    expect(eager.line('GPU KV cache size')).toMatch(new RegExp(`${thousands(b.tokens)} tokens$`));
    const held = CUDA_CONTEXT_BYTES + b.weights + b.nonTorch + b.peak + b.kvBytes;
    expect((await ledgerEntries()).map((e) => e.gpus['0'])).toEqual([Math.ceil(held / MiB)]);
  });

  it('refuses fp8 on a T4 (compute capability 7.5) at config time', async () => {
    const t4 = [{ name: 'Tesla T4', totalMiB: 15360, usedMiB: 0 }];
    expect(await nvidiaSmi(t4, '--query-gpu=name,compute_cap')).toBe('Tesla T4, 7.5');
    const server = await serve(['Qwen/Qwen2.5-0.5B-Instruct', '--quantization', 'fp8', '--max-model-len', '4096'], t4);
    const text = await fails(server);
    expect(text).toContain('Value error, The quantization method fp8 is not supported for the current GPU. Minimum capability: 80. Current capability: 75.');
    expect(text).not.toContain('Initializing a V1 LLM engine'); // before any engine exists
    // auto on a T4 runs the bf16 checkpoint in float16, as vLLM falls back.
    const fp16 = await ready(await serve(['Qwen/Qwen2.5-0.5B-Instruct', '--max-model-len', '4096', '--gpu-memory-utilization', '0.8'], t4));
    expect(fp16.line("doesn't support torch.bfloat16")).toContain('Falling back to torch.float16 for compatibility.');
    expect(fp16.line('Initializing a V1 LLM engine')).toContain('dtype=torch.float16');
  });

  it('refuses a max-model-len above max_position_embeddings unless VLLM_ALLOW_LONG_MAX_MODEL_LEN=1', async () => {
    const text = await fails(await serve(['Qwen/Qwen2-7B-Instruct', '--max-model-len', '40000']));
    expect(text).toContain('pydantic_core._pydantic_core.ValidationError: 1 validation error for ModelConfig');
    expect(text).toContain("Value error, User-specified max_model_len (40000) is greater than the derived max_model_len (max_position_embeddings=32768 or model_max_length=None in model's config.json).");
    const allowed = await ready(await serve(['Qwen/Qwen2-7B-Instruct', '--max-model-len', '40000'], [RTX_4090_D], { VLLM_ALLOW_LONG_MAX_MODEL_LEN: '1' }));
    expect(allowed.line('User-specified max_model_len (40000)')).toContain('VLLM_ALLOW_LONG_MAX_MODEL_LEN must be used with extreme caution.');
    expect(allowed.line('Maximum concurrency for 40,000 tokens per request')).toBeTruthy();
  });

  it("defaults max-model-len to the model's 262144 positions, which need more KV cache than a 24 GB card has", async () => {
    const text = await fails(await serve(['Qwen/Qwen3-4B-Instruct-2507', '--gpu-memory-utilization', '0.9']));
    const b = budget({ total: CUDA_TOTAL_4090, util: 0.9, weights: QWEN3_BYTES, shape: qwen3 });
    const needed = (262144 / 16) * blockBytes(qwen3);
    expect(text).toContain(
      `ValueError: To serve at least one request with the models's max seq len (262144), (${(needed / GiB).toFixed(2)} GiB KV cache is needed, which is larger than the available KV cache memory (${(b.available / GiB).toFixed(2)} GiB). Based on the available memory, the estimated maximum model length is ${b.tokens}.`,
    );
  });
});

describe('model facts, GPUs and tensor parallelism', () => {
  it('reads config.json and the size from a local folder, then from the HF cache, before the emulated hub', async () => {
    const local = join(dir.path, 'my-model');
    await mkdir(local);
    await writeFile(join(local, 'config.json'), JSON.stringify(QWEN25_05B_INSTRUCT_CONFIG));
    const handle = await open(join(local, 'model.safetensors'), 'w');
    await handle.truncate(1_234_567_890); // sparse: only the size counts
    await handle.close();
    const fromFolder = await ready(await serve([local, '--max-model-len', '4096']));
    expect(fromFolder.line('Model loading took')).toMatch(new RegExp(`took ${(1_234_567_890 / GiB).toFixed(4)} GiB`));
    await stop(fromFolder);

    const total = 2_000_000_000;
    await buildHfCache(hfCache, [{
      id: 'Qwen/Qwen2.5-0.5B-Instruct',
      snapshots: [{ commit: 'a'.repeat(40), files: { 'config.json': JSON.stringify(QWEN25_05B_INSTRUCT_CONFIG), 'model.safetensors.index.json': safetensorsIndex(total, 24, 2, true), [shardName(1, 2)]: { sparseBytes: total / 2 }, [shardName(2, 2)]: { sparseBytes: total / 2 } } }],
    }]);
    const fromCache = await ready(await serve(['Qwen/Qwen2.5-0.5B-Instruct', '--max-model-len', '4096']));
    expect(fromCache.line('Model loading took')).toMatch(new RegExp(`took ${(total / GiB).toFixed(4)} GiB`));
    expect(fromCache.text()).toContain('Loading safetensors checkpoint shards: 100% Completed | 2/2');
    expect(fromCache.line('Resolved architecture')).toMatch(/Qwen2ForCausalLM$/);
  });

  it('puts TP ranks on the first visible GPUs, agrees with planStartup(), and fails without enough of them', async () => {
    const gpus = [{ name: 'NVIDIA H100 80GB HBM3', totalMiB: 81559, usedMiB: 0 }, { ...RTX_4090_D }, { ...RTX_4090_D, usedMiB: 2048 }];
    const server = await ready(await serve(['Qwen/Qwen2-7B-Instruct', '-tp', '2', '--gpu-memory-utilization', '0.8', '--max-model-len', '16384'], gpus, { CUDA_VISIBLE_DEVICES: '2,1' }));
    const cuda = (g: { totalMiB: number }) => (g.totalMiB - Math.round(g.totalMiB * 0.0196)) * MiB;
    const args: ServeArgs = {
      model: 'Qwen/Qwen2-7B-Instruct', tensor_parallel_size: 2, gpu_memory_utilization: 0.8, max_model_len: 16384, dtype: 'auto',
      quantization: null, kv_cache_dtype: 'auto', enforce_eager: false, max_num_batched_tokens: null, max_num_seqs: null,
    };
    const plan = planStartup({
      facts: { config: HUB['Qwen/Qwen2-7B-Instruct']!.config, weightsBytes: QWEN2_BYTES },
      args,
      gpus: [
        { index: 2, name: RTX_4090_D.name, computeCap: '8.9', totalBytes: cuda(RTX_4090_D), freeBytes: cuda(RTX_4090_D) - 2048 * MiB },
        { index: 1, name: RTX_4090_D.name, computeCap: '8.9', totalBytes: cuda(RTX_4090_D), freeBytes: cuda(RTX_4090_D) },
      ],
    });
    expect(plan.failure).toBeNull();
    const b = budget({ total: cuda(RTX_4090_D), util: 0.8, weights: QWEN2_BYTES, shape: qwen2, tp: 2 });
    expect(plan.kv!.tokens).toBe(b.tokens);
    expect(server.line('(Worker_TP0')).toBeTruthy();
    for (const rank of [0, 1]) {
      expect(server.line(new RegExp(`\\(Worker_TP${rank} pid=\\d+\\) .*Available KV cache memory`))).toMatch(new RegExp(`${(plan.ranks[rank]!.availableBytes! / GiB).toFixed(2)} GiB$`));
    }
    expect(server.line('GPU KV cache size')).toMatch(new RegExp(`${thousands(plan.kv!.tokens)} tokens$`));
    // Each worker's ledger entry is on its own GPU (nvidia-smi index), with what planStartup says it holds.
    const entries = await ledgerEntries();
    const byGpu = Object.fromEntries(entries.map((e) => [Object.keys(e.gpus)[0], { name: e.name, mib: Object.values(e.gpus)[0] }]));
    expect(byGpu).toEqual({
      2: { name: 'VLLM::Worker_TP0', mib: Math.ceil(plan.ranks[0]!.usedBytes! / MiB) },
      1: { name: 'VLLM::Worker_TP1', mib: Math.ceil(plan.ranks[1]!.usedBytes! / MiB) },
    });
    const apps = (await nvidiaSmi(gpus, '--query-compute-apps=process_name,used_memory,gpu_bus_id')).split('\n').sort();
    expect(apps).toEqual([
      `VLLM::Worker_TP0, ${byGpu['2']!.mib}, 00000000:03:00.0`,
      `VLLM::Worker_TP1, ${byGpu['1']!.mib}, 00000000:02:00.0`,
    ]);

    const tooFew = await fails(await serve(['Qwen/Qwen2-7B-Instruct', '-tp', '2', '--max-model-len', '8192'], gpus, { CUDA_VISIBLE_DEVICES: '1', EMU_GPU_LEDGER: join(dir.path, 'l2') }));
    expect(tooFew).toContain('ValueError: The number of required GPUs exceeds the total number of available GPUs in the placement group.');
    const none = await fails(await serve(['Qwen/Qwen2-7B-Instruct', '--max-model-len', '8192'], gpus, { CUDA_VISIBLE_DEVICES: '7', EMU_GPU_LEDGER: join(dir.path, 'l3') }));
    expect(none).toContain('RuntimeError: No CUDA GPUs are available');
  });

  it('uses the big-GPU batch defaults on an H100 and keeps the explicit VLLM_EMU_GPU_* figures winning', async () => {
    const h100 = [{ name: 'NVIDIA H100 80GB HBM3', totalMiB: 81559, usedMiB: 0 }];
    const big = await ready(await serve(['Qwen/Qwen2.5-0.5B-Instruct', '--max-model-len', '4096'], h100));
    expect(big.line('Chunked prefill is enabled')).toMatch(/max_num_batched_tokens=8192\.$/);

    const legacy = await fails(await serve(['Qwen/Qwen2.5-7B-Instruct', '--gpu-memory-utilization', '0.9'], [RTX_4090_D], { VLLM_EMU_GPU_TOTAL_GIB: '15.98', VLLM_EMU_GPU_FREE_GIB: '3.27' }));
    expect(legacy).toContain('Free memory on device cuda:0 (3.27/15.98 GiB) on startup is less than desired GPU memory utilization (0.9, 14.38 GiB).');
  });
});
