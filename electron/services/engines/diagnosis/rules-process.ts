import type { StartupStage } from '../../../shared/engine';
import { StartupTracker } from '../logs/startup-progress';
import {
  asSentenceEnd,
  findFirst,
  matchWithoutLine,
  round2,
  STAGE_PHRASES,
  type DiagnosisContext,
  type FailureRule,
  type LinePattern,
  type RuleMatch,
} from './context';
import { firstRootErrorFrom, isRootError, isWrapper, lastMeaningfulError, signalName, signalNumber } from './python-errors';

// How the process ended when no known error explains it: the engine died while serving, the startup ran out of
// time, a signal nobody in the app sent, or something Pairwise does not recognise.

const ENGINE_DEATH: readonly LinePattern[] = [
  { variant: 'death', hint: 'EngineCore encountered a fatal error', pattern: /EngineCore encountered a fatal error/ },
  { variant: 'death', hint: 'died unexpectedly', pattern: /Engine core proc (\S{1,100}) died unexpectedly/ },
  // V1 EngineDeadError and V0 AsyncEngineDeadError.
  { variant: 'death', hint: 'EngineDeadError', pattern: /EngineDeadError/ },
  { variant: 'death', hint: 'Background loop has errored already', pattern: /Background loop has errored already/ },
  // uvicorn's access log, or the caller's own note of a failed health check.
  { variant: 'death', hint: '/health', pattern: /\/health\b.{0,60}\b50[03]\b/ },
];

export const engineDied: FailureRule = {
  reason: 'engine-died',
  // Engines also report "died unexpectedly" while being shut down on purpose.
  match: (ctx) => (ctx.stoppedByUs ? null : findFirst(ctx.messages, ENGINE_DEATH)),
  explain: (match, ctx) => {
    // The engine logs its fatal error after announcing it; fall back to anything it printed before.
    const root = firstRootErrorFrom(ctx.messages, match.index) ?? lastMeaningfulError(ctx.messages, match.index);
    const cause = root && isRootError(root.text) ? root.text : null;
    return {
      summary: cause
        ? `The vLLM engine stopped while serving after this error: ${asSentenceEnd(cause)}`
        : 'The vLLM engine process died while serving, and the server shut down.',
      evidence: cause ?? match.evidence,
      advice:
        'Start the server again; if it keeps happening, note which request triggered it, look for GPU (Xid) errors or the out-of-memory killer in `dmesg`, and try a newer vLLM release.',
      figures: {},
    };
  },
};

export const startupTimeout: FailureRule = {
  reason: 'startup-timeout',
  match: (ctx) => {
    if (!ctx.timedOut) return null;
    const tracker = trackerOver(ctx.messages);
    const evidence = tracker.lastStageLine ?? lastNonEmpty(ctx.messages);
    return matchWithoutLine(tracker.state.stage, evidence);
  },
  explain: (match, ctx) => {
    const tracker = trackerOver(ctx.messages);
    const { stage, detail, progress } = tracker.state;
    const phrase = STAGE_PHRASES[stage];
    const lastStep = detail && !detail.toLowerCase().includes(phrase.toLowerCase()) ? ` (last step: ${detail})` : '';
    return {
      summary: `vLLM did not become ready in time; it was still ${phrase}${lastStep}.`,
      advice: TIMEOUT_ADVICE[stage](ctx),
      figures: { progress: round2(progress) },
    };
  },
};

const MORE_TIME = "allow more time in the profile's startup timeout";

const TIMEOUT_ADVICE: Record<StartupStage, (ctx: DiagnosisContext) => string> = {
  'waiting-for-gpu': () => `The other server on this GPU did not finish starting: check it first, or ${MORE_TIME}.`,
  spawning: () => `vLLM printed almost nothing: check that it starts at all from a terminal (\`vllm --version\`), then ${MORE_TIME}.`,
  initializing: () => `Startup stalled early: check that the GPU is free (nvidia-smi) and the model source is right, or ${MORE_TIME}.`,
  downloading: (ctx) => `The weights were still downloading: ${MORE_TIME}, or download them first with \`huggingface-cli download ${ctx.requested.source}\`.`,
  'loading-weights': () => `Reading the weights was slow: keep the model on a fast local disk, or ${MORE_TIME}.`,
  compiling: () => `Compilation (torch.compile) was still running: ${MORE_TIME}, or add --enforce-eager to skip it and CUDA graphs (generation gets slower).`,
  'kv-cache': () => `Profiling memory took too long: ${MORE_TIME}, or add --enforce-eager to skip compilation and CUDA graphs.`,
  'cuda-graphs': () => `Capturing CUDA graphs took too long: ${MORE_TIME}, or add --enforce-eager to skip them (generation gets slower).`,
  'starting-server': () => `The API server did not come up: check the log for errors after the engine was ready, or ${MORE_TIME}.`,
  'waiting-health': (ctx) =>
    `The API started but never answered /health or listed the model: check that nothing else answers on port ${ctx.requested.port ?? 'the chosen port'} and that the served model name matches the profile.`,
  ready: () => `Check the log for what happened after startup, or ${MORE_TIME}.`,
};

function trackerOver(messages: readonly string[]): StartupTracker {
  const tracker = new StartupTracker();
  for (const message of messages) tracker.feed(message);
  return tracker;
}

function lastNonEmpty(messages: readonly string[]): string | null {
  for (let index = messages.length - 1; index >= 0; index--) {
    const text = (messages[index] ?? '').trim();
    if (text) return text;
  }
  return null;
}

/** vLLM's wrapper names failed engine processes with their exit codes; negative means killed by a signal. */
const FAILED_PROCS: LinePattern = { variant: 'engine-signal', hint: 'Failed core proc(s)', pattern: /Failed core proc\(s\): \{([^}]{0,500})\}/ };
/** What a shell reports for a child killed by a signal: 128 + its number. */
const SHELL_SIGNAL_CODES = new Set([132, 134, 135, 137, 139]);

export const killed: FailureRule = {
  reason: 'killed',
  match: (ctx) => engineKilled(ctx) ?? serverKilled(ctx),
  explain: (match) => {
    const number = Number(match.captures[2] ?? 'NaN');
    const signal = match.captures[1] ?? 'a signal';
    const figures: Record<string, number> = Number.isFinite(number) ? { signal: number } : {};
    const oomKiller =
      'Check `dmesg` or `journalctl -k` for "Out of memory: Killed process"; if it is there, close other memory-hungry programs or use a smaller model, then start again.';
    if (match.variant === 'engine-signal') {
      return {
        summary: `The vLLM engine process ${match.captures[3] ?? 'EngineCore'} was killed with ${signal} while starting, most often by the kernel's out-of-memory killer.`,
        advice: oomKiller,
        figures,
      };
    }
    if (signal === 'SIGKILL') {
      return {
        summary: "The server was killed with SIGKILL by something outside Pairwise, most often the kernel's out-of-memory killer when the computer runs out of RAM.",
        advice: oomKiller,
        figures,
      };
    }
    if (['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGABRT'].includes(signal)) {
      return {
        summary: `The server crashed with ${signal} without logging an error.`,
        advice: 'Check `dmesg` for the out-of-memory killer or GPU (Xid) errors, and make sure the vLLM, PyTorch and NVIDIA driver versions go together; then start again.',
        figures,
      };
    }
    return {
      summary: `The server was stopped with ${signal} by something outside Pairwise.`,
      advice: 'Check whether another program or a logout stopped it (`dmesg` also shows the out-of-memory killer), then start it again.',
      figures,
    };
  },
};

function engineKilled(ctx: DiagnosisContext): RuleMatch | null {
  const found = findFirst(ctx.messages, [FAILED_PROCS]);
  const killedProc = /'([^']{1,100})': -(\d{1,3})/.exec(found?.captures[1] ?? '');
  if (!found || !killedProc) return null;
  const number = Number(killedProc[2]);
  return { ...found, captures: [found.captures[0], signalName(number), String(number), killedProc[1]] };
}

function serverKilled(ctx: DiagnosisContext): RuleMatch | null {
  const { exit } = ctx;
  if (!exit || ctx.stoppedByUs || ctx.timedOut) return null;
  let signal = exit.signal;
  if (!signal && exit.code !== null && SHELL_SIGNAL_CODES.has(exit.code)) signal = signalName(exit.code - 128);
  if (!signal) return null;
  const number = signalNumber(signal);
  return { variant: 'signal', index: -1, evidence: lastMeaningfulError(ctx.messages)?.text ?? null, captures: ['', signal, number === null ? undefined : String(number)] };
}

export const unknownFailure: FailureRule = {
  reason: 'unknown',
  match: (ctx) => {
    const error = lastMeaningfulError(ctx.messages);
    return error ? { variant: 'error', index: error.index, evidence: error.text, captures: [] } : matchWithoutLine('silent');
  },
  explain: (match, ctx) => explainUnknown(match, ctx),
};

function explainUnknown(match: RuleMatch, ctx: DiagnosisContext) {
  const exitText = describeExit(ctx);
  if (ctx.stoppedByUs) {
    return { summary: 'The server was stopped from Pairwise.', advice: 'Start it again when you need it.', figures: {} };
  }
  if (match.evidence && isWrapper(match.evidence)) {
    return {
      summary: `The vLLM engine failed to start${exitText} without logging why; vLLM only reported: ${asSentenceEnd(match.evidence)}`,
      advice: 'Run the same command in a terminal to see the engine\'s full output, and check `dmesg` for the out-of-memory killer; then start again.',
      figures: {},
    };
  }
  if (match.evidence) {
    return {
      summary: `vLLM stopped${exitText} with an error Pairwise does not recognise: ${asSentenceEnd(match.evidence)}`,
      advice: 'Read the log lines just above this error for its cause; if it names a setting, change it in the profile and start again.',
      figures: {},
    };
  }
  if (ctx.exit?.code === 0) {
    return {
      summary: 'vLLM shut down on its own (exit code 0) without logging an error.',
      advice: 'Something outside Pairwise may have asked it to stop; start it again, and check the server log if it happens again.',
      figures: {},
    };
  }
  return {
    summary: `The server stopped${exitText} without logging an error.`,
    advice: 'Open the server log to read its last lines, then start it again; if it keeps happening, run the same command in a terminal to see its full output.',
    figures: {},
  };
}

function describeExit(ctx: DiagnosisContext): string {
  if (!ctx.exit) return '';
  if (ctx.exit.signal) return ` (${ctx.exit.signal})`;
  return ctx.exit.code === null ? '' : ` (exit code ${ctx.exit.code})`;
}
