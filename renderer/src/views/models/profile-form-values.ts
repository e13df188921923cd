// The profile form's values are the text the person typed; they become a ProfileDraft only on submit, so
// a refused value stays on screen exactly as typed, next to the reason.
import type { ProfileDraft } from '../../../../electron/shared/profiles';
import { newVllmDraft, type DTYPES } from '../../../../electron/shared/profile-defaults';

export type CommandChoice = 'vllm-on-path' | 'vllm-at-path' | 'python';

export interface VllmValues {
  source: string;
  servedName: string;
  command: CommandChoice;
  /** The vllm executable's path or the Python's path, depending on `command`. */
  commandPath: string;
  /** "0,1"; empty = every GPU. The checkboxes edit this same text. */
  gpus: string;
  gpuMemoryUtilization: string;
  maxModelLen: string;
  dtype: (typeof DTYPES)[number];
  quantization: string;
  tensorParallelSize: string;
  seed: string;
  preferredPort: string;
  /** One argument per line. */
  extraArgs: string;
  /** KEY=VALUE per line. */
  env: string;
  autoRestart: boolean;
}

export interface EndpointValues {
  baseUrl: string;
  apiKey: string;
  servedName: string;
}

export interface FormValues {
  engine: 'vllm' | 'endpoint';
  name: string;
  vllm: VllmValues;
  endpoint: EndpointValues;
}

/** Field name -> message; fields are the draft's top-level keys ('command', 'gpuIndices', ...) plus 'form'. */
export type FieldErrors = Record<string, string>;

const BLANK_ENDPOINT: EndpointValues = { baseUrl: 'http://127.0.0.1:8000/v1', apiKey: '', servedName: '' };

export function valuesFromDraft(draft: ProfileDraft): FormValues {
  if (draft.engine === 'endpoint') {
    return {
      engine: 'endpoint',
      name: draft.name,
      vllm: vllmValues(newVllmDraft('')),
      endpoint: { baseUrl: draft.baseUrl, apiKey: draft.apiKey ?? '', servedName: draft.servedName },
    };
  }
  return { engine: 'vllm', name: draft.name, vllm: vllmValues(draft), endpoint: BLANK_ENDPOINT };
}

export function blankValues(engine: FormValues['engine']): FormValues {
  return { ...valuesFromDraft(newVllmDraft('', '')), engine };
}

function vllmValues(draft: Extract<ProfileDraft, { engine: 'vllm' }>): VllmValues {
  const command = draft.command;
  return {
    source: draft.source,
    servedName: draft.servedName ?? '',
    command: command.kind === 'python' ? 'python' : command.path ? 'vllm-at-path' : 'vllm-on-path',
    commandPath: command.kind === 'python' ? command.python : (command.path ?? ''),
    gpus: draft.gpuIndices.join(','),
    gpuMemoryUtilization: String(draft.gpuMemoryUtilization),
    maxModelLen: draft.maxModelLen === null ? '' : String(draft.maxModelLen),
    dtype: draft.dtype,
    quantization: draft.quantization ?? '',
    tensorParallelSize: String(draft.tensorParallelSize),
    seed: draft.seed === null ? '' : String(draft.seed),
    preferredPort: draft.preferredPort === null ? '' : String(draft.preferredPort),
    extraArgs: draft.extraArgs.join('\n'),
    env: Object.entries(draft.env)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
    autoRestart: draft.autoRestart,
  };
}

/**
 * The draft to send, or the fields that cannot even be turned into one (a number that is not a number, an
 * env line without '='). Everything else — ranges, names, flags Pairwise manages — the service judges.
 */
export function draftFromValues(values: FormValues): { draft: ProfileDraft } | { errors: FieldErrors } {
  const name = values.name;
  if (values.engine === 'endpoint') {
    const e = values.endpoint;
    return { draft: { engine: 'endpoint', name, baseUrl: e.baseUrl, apiKey: e.apiKey === '' ? null : e.apiKey, servedName: e.servedName } };
  }
  const v = values.vllm;
  const errors: FieldErrors = {};
  const number = (field: string, text: string, parse: (t: string) => number | null = Number): number => {
    const value = text.trim() === '' ? NaN : parse(text.trim());
    if (value === null || !Number.isFinite(value)) errors[field] = 'enter a number';
    return value ?? NaN;
  };
  const optional = (field: string, text: string, parse?: (t: string) => number | null): number | null =>
    text.trim() === '' ? null : number(field, text, parse);

  const gpuIndices = parseGpuList(v.gpus);
  if (gpuIndices === null) errors.gpuIndices = 'list GPU indices separated by commas, e.g. 0,1 (empty = every GPU)';
  const extraArgs = parseArgLines(v.extraArgs);
  if (typeof extraArgs === 'string') errors.extraArgs = extraArgs;
  const env = parseEnvLines(v.env);
  if (typeof env === 'string') errors.env = env;
  const draft: ProfileDraft = {
    engine: 'vllm',
    name,
    source: v.source,
    servedName: v.servedName.trim() === '' ? null : v.servedName,
    command:
      v.command === 'python'
        ? { kind: 'python', python: v.commandPath }
        : { kind: 'vllm', path: v.command === 'vllm-at-path' ? v.commandPath : null },
    gpuIndices: gpuIndices ?? [],
    gpuMemoryUtilization: number('gpuMemoryUtilization', v.gpuMemoryUtilization),
    maxModelLen: optional('maxModelLen', v.maxModelLen, parseTokenCount),
    dtype: v.dtype,
    quantization: v.quantization.trim() === '' ? null : v.quantization,
    tensorParallelSize: number('tensorParallelSize', v.tensorParallelSize),
    seed: optional('seed', v.seed),
    preferredPort: optional('preferredPort', v.preferredPort),
    extraArgs: typeof extraArgs === 'string' ? [] : extraArgs,
    env: typeof env === 'string' ? {} : env,
    autoRestart: v.autoRestart,
  };
  return Object.keys(errors).length > 0 ? { errors } : { draft };
}

/** `draft.extraArgs.2` -> 'extraArgs', `draft.command.python` -> 'command': the field that shows it. */
export function fieldOfIssue(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'draft') parts.shift();
  return parts[0] || 'form';
}

export function parseGpuList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.every((part) => /^\d+$/.test(part))) return null;
  return parts.map(Number);
}

/** vLLM's own notation works here too: 32k = 32000, 32K = 32768, 1m = 1000000, 1M = 1048576. */
export function parseTokenCount(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([kKmMgG]?)$/.exec(text.replace(/_/g, ''));
  if (!match) return null;
  const [, digits, suffix] = match;
  const power = { '': 0, k: 1, m: 2, g: 3 }[suffix!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const base = suffix && suffix === suffix.toUpperCase() ? 1024 : 1000;
  return Math.round(Number(digits) * base ** power);
}

/**
 * One argument per line, exactly as vLLM will receive it (no shell, no quoting). A flag line holding a space
 * is almost always "--flag value" typed as one argument, which vLLM would reject: say how to write it.
 */
export function parseArgLines(text: string): string[] | string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const joined = lines.find((line) => line.startsWith('-') && /\s/.test(line));
  if (joined) {
    const [flag, ...rest] = joined.split(/\s+/);
    return `"${joined}" is one line: write ${flag}=${rest.join(' ')}, or put ${flag} and its value on separate lines`;
  }
  return lines;
}

export function parseEnvLines(text: string): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `"${line}" is not KEY=VALUE`;
    env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return env;
}
