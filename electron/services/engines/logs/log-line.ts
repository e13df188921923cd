// One line of vLLM output taken apart: which process wrote it, the logger's level and source, and the message.
// vLLM prefixes every line of its child processes with `(EngineCore_DP0 pid=456) `, its logger adds
// `INFO 09-23 06:58:09 [file.py:123] `, uvicorn writes `INFO:     ...`, and tracebacks and tqdm bars come bare.
// All patterns are anchored and use character classes that cannot overlap, so a line is parsed in linear time
// whatever it contains (a 64 KiB tqdm line or a config dump).

export type VllmProcess = 'APIServer' | 'EngineCore' | 'Worker';
export type VllmLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface VllmLine {
  process: VllmProcess | null;
  pid: number | null;
  level: VllmLevel | null;
  /** The logger's `file.py:line`, e.g. `gpu_model_runner.py:1234`. */
  source: string | null;
  /** The text after the prefix and header; leading spaces kept (traceback frames are indented). */
  message: string;
}

// CSI (colours, cursor moves), OSC (titles, links) and two-character escapes.
// eslint-disable-next-line no-control-regex -- matching the ESC control character is the point
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** `(APIServer pid=1) `, `(EngineCore_DP0 pid=456) `, `(VllmWorker rank=0 pid=92) `, `(Worker_TP1 pid=91) `. */
const PREFIX = /^\(([A-Za-z][\w.-]{0,63})(?: rank=\d{1,6})? pid=(\d{1,10})\) ?/;
/** vLLM's logger: `INFO 09-23 06:58:09 [file.py:130] `; releases before 0.8 wrote `file.py:130] ` without `[`. */
const HEADER = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL) \d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})? \[?([\w.-]{1,200}:\d{1,7})\] ?/;
/** uvicorn's lifecycle lines: `INFO:     Started server process [123]`. */
const UVICORN = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):\s+/;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI, '') : text;
}

export function splitVllmLine(text: string): VllmLine {
  let rest = stripAnsi(text);
  let process: VllmProcess | null = null;
  let pid: number | null = null;
  const prefix = PREFIX.exec(rest);
  if (prefix) {
    process = processOf(prefix[1] ?? '');
    pid = Number(prefix[2]);
    rest = rest.slice(prefix[0].length);
  }
  const header = HEADER.exec(rest);
  if (header) {
    return { process, pid, level: header[1] as VllmLevel, source: header[2] ?? null, message: rest.slice(header[0].length) };
  }
  const uvicorn = UVICORN.exec(rest);
  if (uvicorn) {
    return { process, pid, level: uvicorn[1] as VllmLevel, source: null, message: rest.slice(uvicorn[0].length) };
  }
  return { process, pid, level: null, source: null, message: rest };
}

/** The message part only: what the startup tracker and the diagnosis read. */
export function messageOf(text: string): string {
  return splitVllmLine(text).message;
}

function processOf(name: string): VllmProcess | null {
  // Names seen across releases: APIServer, ApiServer_0, EngineCore, EngineCore_DP0, EngineCore_0, Worker,
  // Worker_TP1, Worker_PP0_TP1, VllmWorker, VllmWorkerProcess, RayWorkerWrapper.
  if (/^api ?server/i.test(name)) return 'APIServer';
  if (name.startsWith('EngineCore')) return 'EngineCore';
  if (name.includes('Worker')) return 'Worker';
  return null;
}
