import { describe, expect, it } from 'vitest';
import { messageOf, splitVllmLine, stripAnsi } from '../../electron/services/engines/logs/log-line';

describe('stripAnsi', () => {
  it('removes colours, cursor moves and OSC sequences and leaves other text alone', () => {
    expect(stripAnsi('\u001b[32mINFO\u001b[0m 09-23 06:58:09 [core.py:93] ready')).toBe('INFO 09-23 06:58:09 [core.py:93] ready');
    expect(stripAnsi('\u001b[1;31mERROR\u001b[0m\u001b[K done')).toBe('ERROR done');
    expect(stripAnsi('\u001b]0;title\u0007text')).toBe('text');
    expect(stripAnsi('plain 日本語 🚀')).toBe('plain 日本語 🚀');
  });
});

describe('splitVllmLine', () => {
  it.each([
    ['(APIServer pid=123) ', 'APIServer', 123],
    ['(ApiServer_0 pid=124) ', 'APIServer', 124],
    ['(EngineCore_DP0 pid=456) ', 'EngineCore', 456],
    ['(EngineCore pid=67) ', 'EngineCore', 67],
    ['(EngineCore_0 pid=68) ', 'EngineCore', 68],
    ['(Worker pid=90) ', 'Worker', 90],
    ['(Worker_TP1 pid=91) ', 'Worker', 91],
    ['(Worker_PP0_TP1 pid=93) ', 'Worker', 93],
    ['(VllmWorker rank=0 pid=92) ', 'Worker', 92],
    ['(VllmWorkerProcess pid=94) ', 'Worker', 94],
    ['(RayWorkerWrapper pid=95) ', 'Worker', 95],
  ] as const)('reads the process and pid of %s', (prefix, process, pid) => {
    const line = splitVllmLine(`${prefix}INFO 09-23 06:58:09 [cpu_model_runner.py:130] Starting to load model Qwen/Qwen2.5-0.5B-Instruct...`);
    expect(line).toEqual({
      process,
      pid,
      level: 'INFO',
      source: 'cpu_model_runner.py:130',
      message: 'Starting to load model Qwen/Qwen2.5-0.5B-Instruct...',
    });
  });

  it('strips an unknown process prefix but names no process', () => {
    expect(splitVllmLine('(SomethingElse pid=3) hello')).toMatchObject({ process: null, pid: 3, message: 'hello' });
  });

  it('reads every level and the pre-0.8 header without the opening bracket', () => {
    for (const level of ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const) {
      expect(splitVllmLine(`${level} 10-21 00:35:03 [core.py:708] text`)).toMatchObject({ level, source: 'core.py:708', message: 'text' });
    }
    expect(splitVllmLine('INFO 03-27 23:19:15 api_server.py:958] Starting vLLM API server on http://0.0.0.0:8000')).toEqual({
      process: null,
      pid: null,
      level: 'INFO',
      source: 'api_server.py:958',
      message: 'Starting vLLM API server on http://0.0.0.0:8000',
    });
  });

  it('reads uvicorn lines with and without a process prefix', () => {
    expect(splitVllmLine('INFO:     Started server process [123]')).toEqual({
      process: null,
      pid: null,
      level: 'INFO',
      source: null,
      message: 'Started server process [123]',
    });
    expect(splitVllmLine('(APIServer pid=1) INFO:     Application startup complete.')).toMatchObject({
      process: 'APIServer',
      level: 'INFO',
      message: 'Application startup complete.',
    });
    expect(splitVllmLine("ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 8000): address already in use")).toMatchObject({
      level: 'ERROR',
      message: "[Errno 98] error while attempting to bind on address ('127.0.0.1', 8000): address already in use",
    });
  });

  it('keeps plain lines (tracebacks, tqdm bars) whole, indentation included', () => {
    const frame = '  File "/usr/local/lib/python3.12/dist-packages/vllm/v1/engine/core.py", line 699, in run_engine_core';
    expect(splitVllmLine(frame)).toEqual({ process: null, pid: null, level: null, source: null, message: frame });
    expect(splitVllmLine(`(EngineCore_DP0 pid=4) ${frame}`)).toMatchObject({ process: 'EngineCore', message: frame });
    const bar = 'Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:01<00:01,  1.89s/it]';
    expect(messageOf(bar)).toBe(bar);
    expect(messageOf('(EngineCore_DP0 pid=132) ')).toBe('');
  });

  it('strips colours before parsing', () => {
    expect(splitVllmLine('(APIServer pid=1) \u001b[32mINFO\u001b[0m 09-23 07:05:16 [entry.py:139] Starting vLLM server on http://0.0.0.0:8000')).toMatchObject({
      level: 'INFO',
      source: 'entry.py:139',
      message: 'Starting vLLM server on http://0.0.0.0:8000',
    });
  });

  it('parses hostile 64 KiB lines in linear time', () => {
    const hostile = [
      '('.repeat(65536),
      `(APIServer pid=1) INFO 09-23 07:05:16 [${'a'.repeat(65000)}`,
      `INFO 09-23 07:05:16 ${':1'.repeat(32000)}`,
      `(${'A'.repeat(63)} pid=${'1'.repeat(65000)}`,
    ];
    const started = performance.now();
    for (const line of hostile) splitVllmLine(line);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
