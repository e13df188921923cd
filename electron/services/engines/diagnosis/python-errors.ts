// Reading Python tracebacks for the line that says what went wrong. vLLM wraps a root cause in further
// exceptions (`Engine core initialization failed. See root cause above.`, `EngineDeadError`, pydantic's
// `1 validation error for ModelConfig`), and Python 3.11+ adds `^^^^` marker lines: none of those explain anything.

/** `ValueError: ...`, `torch.OutOfMemoryError: ...`, `vllm.v1.engine.exceptions.EngineDeadError: ...`. */
const EXCEPTION_LINE = /^(?:[A-Za-z_]\w{0,80}\.){0,10}[A-Za-z_]\w{0,80}(?:Error|Exception|Interrupt|Exit)(?::|$)/;
/** pydantic puts the real message on its own line: `  Value error, Model architectures [...]`. */
const PYDANTIC_DETAIL = /^Value error, /;

const WRAPPERS: readonly RegExp[] = [
  /Engine core initialization failed/,
  /^EngineCore failed to start/,
  /EngineDeadError/,
  /ValidationError: \d+ validation errors? for/,
  /^(?:KeyboardInterrupt|SystemExit|asyncio\.exceptions\.CancelledError)\b/,
  /^RuntimeError: Worker failed with error/,
];

export function isExceptionLine(message: string): boolean {
  const trimmed = message.trim();
  return EXCEPTION_LINE.test(trimmed) || PYDANTIC_DETAIL.test(trimmed);
}

export function isWrapper(message: string): boolean {
  const trimmed = message.trim();
  return WRAPPERS.some((wrapper) => wrapper.test(trimmed));
}

/** An exception line that explains something: not a wrapper. */
export function isRootError(message: string): boolean {
  return isExceptionLine(message) && !isWrapper(message);
}

export interface FoundLine {
  index: number;
  text: string;
}

/** The last explaining error line before `end`, else the last wrapper, else null. */
export function lastMeaningfulError(messages: readonly string[], end = messages.length): FoundLine | null {
  let wrapper: FoundLine | null = null;
  for (let index = Math.min(end, messages.length) - 1; index >= 0; index--) {
    const text = (messages[index] ?? '').trim();
    if (isRootError(text)) return { index, text };
    if (!wrapper && isExceptionLine(text)) wrapper = { index, text };
  }
  return wrapper;
}

/** The first explaining error line at or after `start`. */
export function firstRootErrorFrom(messages: readonly string[], start: number): FoundLine | null {
  for (let index = Math.max(0, start); index < messages.length; index++) {
    const text = (messages[index] ?? '').trim();
    if (isRootError(text)) return { index, text };
  }
  return null;
}

const SIGNAL_NAMES: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 4: 'SIGILL', 6: 'SIGABRT', 7: 'SIGBUS', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

export function signalName(signalNumber: number): string {
  return SIGNAL_NAMES[signalNumber] ?? `signal ${signalNumber}`;
}

export function signalNumber(name: string): number | null {
  const entry = Object.entries(SIGNAL_NAMES).find(([, value]) => value === name);
  return entry ? Number(entry[0]) : null;
}
