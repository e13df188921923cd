import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS, type Diagnosis, type ExitInfo } from '../../electron/shared/engine';
import { diagnose, type DiagnoseInput } from '../../electron/services/engines/diagnosis/diagnose';
import { FAILURE_RULES } from '../../electron/services/engines/diagnosis/rules';
import { LineSplitter } from '../../electron/services/engines/logs/line-splitter';

const REQUESTED: DiagnoseInput['requested'] = { gpuMemoryUtilization: 0.9, maxModelLen: null, source: 'Qwen/Qwen2.5-7B-Instruct', port: 8123 };
const EXIT_1: ExitInfo = { code: 1, signal: null, at: 1 };

/** A transcript as the supervisor's log ring holds it: every line, ANSI-free, prefixes on. */
function transcript(name: string): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((text) => lines.push(text));
  splitter.push(readFileSync(new URL(`../fixtures/vllm-logs/${name}`, import.meta.url)));
  splitter.flush();
  return lines;
}

function run(lines: string[], extra: Partial<DiagnoseInput> = {}): Diagnosis {
  return diagnose({ lines, exit: EXIT_1, requested: REQUESTED, ...extra });
}

/** Every summary and piece of advice is a whole sentence: a capital (or vLLM) first, a full stop last. */
function expectSentences(diagnosis: Diagnosis): void {
  for (const text of [diagnosis.summary, diagnosis.advice]) {
    expect(text).toMatch(/^(?:[A-Z]|vLLM)/);
    expect(text).toMatch(/[.]$/);
    expect(text).not.toMatch(/undefined|NaN|null/);
  }
}

describe('the failure table', () => {
  it('has exactly one rule per failure reason a vLLM log can show (endpoint profiles are diagnosed elsewhere)', () => {
    const fromLogs = FAILURE_REASONS.filter((reason) => !reason.startsWith('endpoint-'));
    expect(FAILURE_RULES.map((rule) => rule.reason).sort()).toEqual([...fromLogs].sort());
  });
});

describe('diagnose, on full transcripts', () => {
  it('finds the free-memory check under the engine-core wrapper and suggests a utilization that fits', () => {
    const d = run(transcript('fail-free-memory.txt'));
    expect(d.reason).toBe('gpu-memory-insufficient');
    expect(d.figures).toEqual({ freeGiB: 3.27, totalGiB: 15.98, requestedUtilization: 0.9, requestedGiB: 14.38, suggestedUtilization: 0.19 });
    expect(d.evidence).toMatch(/^ValueError: Free memory on device cuda:0 \(3\.27\/15\.98 GiB\)/);
    expect(d.summary).toContain('on cuda:0');
    expect(d.advice).toBe(
      'Only 3.3 GiB is free but 14.4 GiB was requested: lower gpu-memory-utilization to 0.19, or stop the other server or program using this GPU (see nvidia-smi).',
    );
    expectSentences(d);
  });

  it('explains a KV cache that cannot hold one max-model-len sequence, with vLLM\'s estimate', () => {
    const d = run(transcript('fail-max-len-kv.txt'));
    expect(d.reason).toBe('max-len-exceeds-kv');
    expect(d.figures).toEqual({ maxModelLen: 262144, neededGiB: 36, availableGiB: 9.5, estimatedMaxModelLen: 69120 });
    expect(d.advice).toBe('Set max-model-len to 69120 or less, or raise gpu-memory-utilization (now 0.9).');
    expectSentences(d);
  });

  it('reads the older KV wording as a token count', () => {
    const d = run(transcript('fail-max-len-kv-old.txt'));
    expect(d.reason).toBe('max-len-exceeds-kv');
    expect(d.figures).toEqual({ maxModelLen: 131072, kvCacheTokens: 81536, estimatedMaxModelLen: 81536 });
    expect(d.advice).toContain('Set max-model-len to 81536 or less');
    expectSentences(d);
  });

  it('explains no room for the KV cache, naming the weights that took it', () => {
    const d = run(transcript('fail-kv-no-room.txt'), { requested: { ...REQUESTED, gpuMemoryUtilization: 0.35 } });
    expect(d.reason).toBe('kv-cache-no-room');
    expect(d.figures).toEqual({ requestedUtilization: 0.35, weightsGiB: 14.2488 });
    expect(d.summary).toContain('14.2 GiB of weights');
    expect(d.advice).toContain('Raise gpu-memory-utilization (now 0.35)');
    expectSentences(d);
  });

  it('reads CUDA out of memory figures and knows it happened while loading weights', () => {
    const d = run(transcript('fail-cuda-oom.txt'));
    expect(d.reason).toBe('cuda-oom');
    expect(d.figures).toEqual({ triedGiB: 1.71, totalGiB: 22.3, freeGiB: 1.52 });
    expect(d.summary).toContain('while loading the weights');
    expect(d.advice).toContain('The weights do not fit');
    expectSentences(d);
  });

  it('names the port that is taken', () => {
    const d = run(transcript('fail-port-in-use.txt'));
    expect(d).toMatchObject({ reason: 'port-in-use', figures: { port: 8123 }, evidence: 'OSError: [Errno 98] Address already in use' });
    expect(d.summary).toBe('Port 8123 is already in use, so vLLM could not listen on it.');
    expectSentences(d);
  });

  it('names a missing repository', () => {
    const d = run(transcript('fail-model-not-found.txt'), { requested: { ...REQUESTED, source: 'Qwen/Qwen9-4B' } });
    expect(d.reason).toBe('model-not-found');
    expect(d.summary).toBe('The model Qwen/Qwen9-4B was not found on Hugging Face or in the local cache.');
    expect(d.evidence).toBe("ValueError: Invalid repository ID or local directory specified: 'Qwen/Qwen9-4B'.");
    expectSentences(d);
  });

  it('says when the hub is offline and the model is not cached', () => {
    const d = run(transcript('fail-model-offline.txt'));
    expect(d.reason).toBe('model-not-found');
    expect(d.summary).toContain('Qwen/Qwen3-4B');
    expect(d.summary).toContain('HF_HUB_OFFLINE');
    expect(d.advice).toContain('huggingface-cli download Qwen/Qwen3-4B');
    expectSentences(d);
  });

  it('sees a gated repo behind the "Invalid repository ID" that wraps it', () => {
    const d = run(transcript('fail-gated.txt'));
    expect(d.reason).toBe('gated-model');
    expect(d.evidence).toBe('Cannot access gated repo for url https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json.');
    expect(d.summary).toContain('meta-llama/Llama-3.1-8B-Instruct');
    expect(d.advice).toContain('huggingface-cli login');
    expect(d.advice).toContain('HF_TOKEN');
    expect(d.advice).toContain('https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct');
    expectSentences(d);
  });

  it('names an unsupported architecture from pydantic\'s detail line', () => {
    const d = run(transcript('fail-unsupported-arch.txt'));
    expect(d.reason).toBe('unsupported-architecture');
    expect(d.summary).toBe("This vLLM does not support the model's architecture FooForCausalLM.");
    expect(d.advice).toContain('--trust-remote-code');
    expect(d.advice).toContain('pip install -U vllm');
    expectSentences(d);
  });

  it('reports no GPU', () => {
    const d = run(transcript('fail-no-gpu.txt'));
    expect(d.reason).toBe('no-gpu');
    expect(d.advice).toContain('nvidia-smi');
    expect(d.advice).toContain('CUDA_VISIBLE_DEVICES');
    expectSentences(d);
  });

  // As vLLM's config validation prints them (pydantic, inside the API server), before any memory is touched.
  const pydantic = (cls: string, message: string): string[] => [
    `(APIServer pid=19492) pydantic_core._pydantic_core.ValidationError: 1 validation error for ${cls}`,
    `(APIServer pid=19492)   Value error, ${message} [type=value_error, input_value=ArgsKwargs((), {...}), input_type=ArgsKwargs]`,
    '(APIServer pid=19492)     For further information visit https://errors.pydantic.dev/2.11/v/value_error',
  ];

  it('reports a quantization the GPU cannot run, with both capabilities', () => {
    const d = run(pydantic('VllmConfig', 'The quantization method fp8 is not supported for the current GPU. Minimum capability: 80. Current capability: 75.'));
    expect(d).toMatchObject({ reason: 'quantization-unsupported', figures: { minimumCapability: 8, computeCapability: 7.5 } });
    expect(d.summary).toBe('This GPU (compute capability 7.5) cannot run fp8 quantization, which needs 8.0 or newer.');
    expectSentences(d);
  });

  it('reports a --quantization the checkpoint was not made with, or a 16-bit checkpoint given awq', () => {
    const mismatch = run(pydantic('ModelConfig', 'Quantization method specified in the model config (awq) does not match the quantization method specified in the `quantization` argument (gptq).'));
    expect(mismatch).toMatchObject({ reason: 'quantization-unsupported', advice: expect.stringMatching(/^Clear the profile's quantization/) });
    const dtype = run(pydantic('VllmConfig', 'torch.float32 is not supported for quantization method fp8. Supported dtypes: [torch.bfloat16, torch.float16]'));
    expect(dtype).toMatchObject({ reason: 'quantization-unsupported', summary: 'The fp8 quantization does not compute in float32, the dtype the profile asks for.' });
    const noConfig = run(pydantic('VllmConfig', 'Cannot find the config file for awq'));
    expect(noConfig.summary).toMatch(/needs a checkpoint quantized with awq/);
    expect(noConfig.advice).toMatch(/AWQ checkpoint of the model/);
    [mismatch, noConfig, dtype].forEach(expectSentences);
    expect(dtype.advice).toMatch(/^Set dtype to auto/);
  });

  it('reports bfloat16 on an old GPU with its compute capability', () => {
    const d = run(transcript('fail-bf16.txt'));
    expect(d).toMatchObject({ reason: 'bf16-unsupported', figures: { computeCapability: 7.5 } });
    expect(d.summary).toContain('Tesla T4');
    expect(d.advice).toContain('--dtype half');
    expectSentences(d);
  });

  it('names the argument argparse rejected', () => {
    const d = run(transcript('fail-bad-arguments.txt'), { exit: { code: 2, signal: null, at: 1 } });
    expect(d.reason).toBe('bad-arguments');
    expect(d.summary).toBe('vLLM did not recognise these arguments: --max-model-length 4096.');
    expectSentences(d);
  });

  it('finds the root error of an engine that died while serving', () => {
    const d = run(transcript('fail-engine-died.txt'));
    expect(d.reason).toBe('engine-died');
    expect(d.evidence).toBe('RuntimeError: CUDA error: an illegal memory access was encountered');
    expect(d.summary).toContain('an illegal memory access');
    expectSentences(d);
  });

  it('falls back to unknown, quoting the wrapper, when nothing known is above it', () => {
    const d = run(transcript('fail-wrapper-only.txt'));
    expect(d.reason).toBe('unknown');
    expect(d.evidence).toBe('RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}');
    expect(d.summary).toContain('exit code 1');
    expect(d.advice).toContain('in a terminal');
    expectSentences(d);
  });

  it('reads a killed engine from the wrapper\'s exit codes', () => {
    const d = run(transcript('fail-engine-killed.txt'));
    expect(d).toMatchObject({ reason: 'killed', figures: { signal: 9 } });
    expect(d.summary).toContain('EngineCore_DP0 was killed with SIGKILL');
    expect(d.advice).toContain('dmesg');
    expectSentences(d);
  });

  it('reports a timeout with the last stage reached', () => {
    const d = run(transcript('timeout-loading.txt'), { timedOut: true, exit: { code: null, signal: 'SIGTERM', at: 1 } });
    expect(d.reason).toBe('startup-timeout');
    expect(d.evidence).toBe('Loading safetensors checkpoint shards:  50% Completed | 2/4 [02:00<?, ?s/it]');
    expect(d.summary).toBe('vLLM did not become ready in time; it was still loading the weights (last step: Loading weights: shard 2/4).');
    expect(d.figures.progress).toBeGreaterThan(0.2);
    expectSentences(d);
  });

  it.each([
    ['starting vLLM', []],
    ['initializing', ['vLLM API server version 0.11.0']],
    ['downloading', ['Fetching 4 files:  25%|██▌       | 1/4 [00:10<00:30, 10.0s/it]']],
    ['loading the weights', ['Loading safetensors checkpoint shards:  25% Completed | 1/4 [00:01<00:03,  1.21s/it]']],
    ['compiling', ['Dynamo bytecode transform time: 6.62 s']],
    ['sizing the KV cache', ['Available KV cache memory: 4.79 GiB']],
    ['capturing CUDA graphs', ['Capturing CUDA graphs (decode, FULL):  50%|█████     | 17/35 [00:01<00:01, 17.0it/s]']],
    ['starting the API server', ['Starting vLLM server on http://127.0.0.1:8123']],
    ['waiting for the health check', ['(APIServer pid=1) INFO:     Application startup complete.']],
  ])('gives stage-specific advice when the startup times out while %s', (phrase, lines) => {
    const d = run(lines, { timedOut: true, exit: { code: null, signal: 'SIGTERM', at: 1 } });
    expect(d.reason).toBe('startup-timeout');
    expect(d.summary).toContain(phrase);
    expectSentences(d);
  });

  it('reports a SIGKILL with no error line as killed, pointing at the OOM killer', () => {
    const partial = transcript('startup-v0.11.txt').slice(0, 20);
    const d = run(partial, { exit: { code: null, signal: 'SIGKILL', at: 1 } });
    expect(d.reason).toBe('killed');
    expect(d.summary).toContain('out-of-memory killer');
    expect(d.advice).toContain('dmesg');
    expectSentences(d);
  });
});

describe('diagnose, on wording variants', () => {
  const one = (line: string, extra: Partial<DiagnoseInput> = {}) => run([line], extra);

  it('reads the free-memory line without a device name (older builds)', () => {
    const d = one('(EngineCore_DP0 pid=7) ERROR 10-21 00:34:43 [core.py:708] ValueError: Free memory on device (3.27/15.98 GiB) on startup is less than desired GPU memory utilization (0.9, 14.38 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.');
    expect(d.reason).toBe('gpu-memory-insufficient');
    expect(d.figures).toMatchObject({ freeGiB: 3.27, totalGiB: 15.98, requestedGiB: 14.38, suggestedUtilization: 0.19 });
    expect(d.summary).not.toContain(' on (');
  });

  it('tells the user to stop the other process when almost nothing is free', () => {
    const d = one('ValueError: Free memory on device cuda:0 (0.51/23.56 GiB) on startup is less than desired GPU memory utilization (0.92, 21.67 GiB).');
    expect(d.figures.suggestedUtilization).toBe(0.01);
    expect(d.advice).toContain('nearly full');
  });

  it('reads the memory-profiling race in GiB and in bytes', () => {
    const gibLine = one('AssertionError: Error in memory profiling. Initial free memory 20.58 GiB, current free memory 22.54 GiB. This happens when other processes sharing the same container release GPU memory while vLLM is profiling during initialization.');
    expect(gibLine).toMatchObject({ reason: 'gpu-memory-insufficient', figures: { initialFreeGiB: 20.58, currentFreeGiB: 22.54 } });
    expect(gibLine.advice).toContain('one server at a time');
    const bytes = one('AssertionError: Error in memory profiling. Initial free memory 39909924864, current free memory 47541829632. This happens when the GPU memory was not properly cleaned up before initializing the vLLM instance.');
    expect(bytes.figures).toEqual({ initialFreeGiB: 37.17, currentFreeGiB: 44.28 });
  });

  it("reads the newer KV wording (model's, no estimate)", () => {
    const d = one("ValueError: To serve at least one request with the model's max seq len (65536), (6.0 GiB KV cache is needed, which is larger than the available KV cache memory (2.06 GiB). Try increasing `gpu_memory_utilization` (which also controls CPU memory on the CPU backend) or decreasing `max_model_len` when initializing the engine.");
    expect(d).toMatchObject({ reason: 'max-len-exceeds-kv', figures: { maxModelLen: 65536, neededGiB: 6, availableGiB: 2.06 } });
    expect(d.advice).toBe('Set max-model-len lower, or raise gpu-memory-utilization (now 0.9).');
  });

  it('reads the CPU-backend no-room wording', () => {
    const d = one('ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine (this flag also controls CPU memory reservation on the CPU backend, despite its name).');
    expect(d.reason).toBe('kv-cache-no-room');
  });

  it('reads the older torch OOM wording and MiB amounts', () => {
    const d = one('torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 15.78 GiB total capacity; 14.56 GiB already allocated; 3.44 MiB free; 14.58 GiB reserved in total by PyTorch)');
    expect(d).toMatchObject({ reason: 'cuda-oom', figures: { triedGiB: 0.02, totalGiB: 15.78, freeGiB: 0 } });
    const mib = one('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 266.00 MiB. GPU 0 has a total capacity of 79.10 GiB of which 17.88 MiB is free.');
    expect(mib.figures).toEqual({ triedGiB: 0.26, totalGiB: 79.1, freeGiB: 0.02 });
    expect(one('RuntimeError: CUDA error: out of memory').reason).toBe('cuda-oom');
  });

  it("reads uvicorn's bind error with its port", () => {
    const d = one("(APIServer pid=1) ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 8200): address already in use", {
      requested: { ...REQUESTED, port: null },
    });
    expect(d).toMatchObject({ reason: 'port-in-use', figures: { port: 8200 } });
  });

  it('reads the transformers and hub wordings of a missing model', () => {
    expect(one("OSError: Qwen/Nope is not a local folder and is not a valid model identifier listed on 'https://huggingface.co/models'").summary).toContain('Qwen/Nope');
    const hub = one('huggingface_hub.errors.RepositoryNotFoundError: 401 Client Error. (Request ID: Root=1-6) Repository Not Found for url: https://huggingface.co/api/models/acme/missing/revision/main.');
    expect(hub).toMatchObject({ reason: 'model-not-found' });
    expect(hub.summary).toContain('acme/missing');
    const network = run([
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='huggingface.co', port=443): Max retries exceeded with url: /api/models/Qwen/Qwen3-4B",
      "ValueError: Invalid repository ID or local directory specified: 'Qwen/Qwen3-4B'.",
    ]);
    expect(network.summary).toBe('vLLM could not reach huggingface.co to fetch Qwen/Qwen3-4B, and it is not in the local cache.');
    const local = one("ValueError: Invalid repository ID or local directory specified: '/models/qwen'.");
    expect(local.summary).toContain('The folder /models/qwen');
  });

  it('tells a pending access request from a missing login', () => {
    const d = one('Access to model meta-llama/Llama-3.3-70B-Instruct is restricted and you are not in the authorized list. Visit https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct to ask for access.');
    expect(d.reason).toBe('gated-model');
    expect(d.advice).toContain('Request access on https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct');
  });

  it('reads the other architecture wordings', () => {
    expect(one("ValueError: Model architectures ['Glm4ForCausalLM'] failed to be inspected. Please check the logs for more details.").summary).toContain('Glm4ForCausalLM');
    const transformers = one('ValueError: The checkpoint you are trying to load has model type `qwen3` but Transformers does not recognize this architecture.');
    expect(transformers).toMatchObject({ reason: 'unsupported-architecture' });
    expect(transformers.summary).toContain('qwen3');
    const remote = one('ValueError: The repository for acme/custom contains custom code which must be executed to correctly load the model. Please pass the argument `trust_remote_code=True` to allow custom code to be run.');
    expect(remote.reason).toBe('unsupported-architecture');
    expect(remote.advice).toContain('--trust-remote-code');
  });

  it('reads the other no-GPU wordings', () => {
    expect(one('RuntimeError: No CUDA GPUs are available').reason).toBe('no-gpu');
    expect(one('RuntimeError: Found no NVIDIA driver on your system.').reason).toBe('no-gpu');
    expect(one('RuntimeError: Failed to infer device type').reason).toBe('no-gpu');
  });

  it('reads a GPU name printed as Python bytes', () => {
    const d = one("ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0. Your b'Tesla T4' GPU has compute capability 7.5. You can use float16 instead by explicitly setting the`dtype` flag in CLI, for example: --dtype=half.");
    expect(d.summary).toBe('Your Tesla T4 GPU (compute capability 7.5) cannot run the model in bfloat16, which needs compute capability 8.0 or newer.');
  });

  it('names the argument in other argparse errors and the derived max-model-len check', () => {
    const choice = one("vllm serve: error: argument --dtype: invalid choice: 'bf15' (choose from 'auto', 'bfloat16', 'float', 'float16', 'float32', 'half')", { exit: { code: 2, signal: null, at: 1 } });
    expect(choice.summary).toBe("vLLM rejected 'bf15' for --dtype.");
    expect(choice.advice).toBe('Correct --dtype in the profile. Use one of: auto, bfloat16, float, float16, float32, half.');
    const derived = one("  Value error, User-specified max_model_len (65536) is greater than the derived max_model_len (max_position_embeddings=32768.0 or model_max_length=None in model's config.json). To allow overriding this maximum, set the env var VLLM_ALLOW_LONG_MAX_MODEL_LEN=1.");
    expect(derived).toMatchObject({ reason: 'bad-arguments', figures: { maxModelLen: 65536, modelMaxLen: 32768 } });
    expect(derived.advice).toContain('Set max-model-len to 32768 or less');
  });

  it('reads a failed spawn and a Python without vLLM', () => {
    const enoent = one('spawn vllm ENOENT', { exit: { code: -2, signal: null, at: 1 } });
    expect(enoent).toMatchObject({ reason: 'executable-not-found', evidence: 'spawn vllm ENOENT' });
    expect(enoent.summary).toBe('Pairwise could not run vllm: no such program was found.');
    expect(one('spawn /opt/venv/bin/vllm EACCES').summary).toContain('not executable');
    expect(one("/usr/bin/python3: Error while finding module specification for 'vllm.entrypoints.openai.api_server' (ModuleNotFoundError: No module named 'vllm')").summary).toBe(
      'This Python environment has no vLLM installed.',
    );
  });

  it('reads the other engine-death signs, but not during a stop we asked for', () => {
    expect(one('ERROR 12-01 23:08:02 [core_client.py:564] Engine core proc EngineCore_DP0 died unexpectedly, shutting down client.').reason).toBe('engine-died');
    expect(one('vllm.engine.async_llm_engine.AsyncEngineDeadError: Background loop has errored already.').reason).toBe('engine-died');
    expect(one('GET /health returned 503').reason).toBe('engine-died');
    const stopping = one('Engine core proc EngineCore_DP0 died unexpectedly, shutting down client.', { stoppedByUs: true, exit: { code: null, signal: 'SIGTERM', at: 1 } });
    expect(stopping.reason).toBe('unknown');
    expect(stopping.summary).toBe('The server was stopped from Pairwise.');
  });

  it('treats crash signals and shell-style exit codes as killed', () => {
    const segv = run([], { exit: { code: null, signal: 'SIGSEGV', at: 1 } });
    expect(segv).toMatchObject({ reason: 'killed', figures: { signal: 11 } });
    expect(segv.advice).toContain('dmesg');
    expect(run([], { exit: { code: 137, signal: null, at: 1 } })).toMatchObject({ reason: 'killed', figures: { signal: 9 } });
    expect(run([], { exit: { code: null, signal: 'SIGTERM', at: 1 } }).summary).toBe('The server was stopped with SIGTERM by something outside Pairwise.');
  });

  it('is unknown, with the last meaningful error, when nothing matches', () => {
    const d = run(['Traceback (most recent call last):', '  File "x.py", line 1, in <module>', '    foo()', '    ^^^^^', 'ZeroDivisionError: division by zero', 'RuntimeError: Engine core initialization failed. See root cause above. Failed core proc(s): {}']);
    expect(d).toMatchObject({ reason: 'unknown', evidence: 'ZeroDivisionError: division by zero' });
    expectSentences(d);
    const silent = run(['INFO:     Shutting down'], { exit: { code: 0, signal: null, at: 1 } });
    expect(silent.summary).toBe('vLLM shut down on its own (exit code 0) without logging an error.');
    expect(run([], { exit: null }).evidence).toBeNull();
  });

  it('stays fast on a long, noisy tail', () => {
    const noise = Array.from({ length: 5000 }, (_, i) => `(APIServer pid=1) INFO:     127.0.0.1:${i} - "POST /v1/chat/completions HTTP/1.1" 200 OK ${'x'.repeat(i % 300)}`);
    noise.push('x'.repeat(65536), `spawn ${'a'.repeat(65536)}`, `${'a'.repeat(65536)} is not a local folder`);
    const started = performance.now();
    run(noise);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
