import { asSentenceEnd, findFirst, type Explanation, type FailureRule, type LinePattern } from './context';

// The machine and the command line: no GPU, a GPU too old for bfloat16, a busy port, arguments vLLM rejects,
// and a vLLM that is not there at all.

const NO_GPU: readonly LinePattern[] = [
  { variant: 'none', hint: 'Failed to infer device type', pattern: /Failed to infer device type/ },
  { variant: 'none', hint: 'No CUDA GPUs are available', pattern: /No CUDA GPUs are available/ },
  { variant: 'none', hint: 'no CUDA-capable device is detected', pattern: /no CUDA-capable device is detected/ },
  { variant: 'none', hint: 'Found no NVIDIA driver', pattern: /Found no NVIDIA driver on your system/ },
  { variant: 'none', hint: 'CUDA driver initialization failed', pattern: /CUDA driver initialization failed/ },
  { variant: 'old-driver', hint: 'NVIDIA driver on your system is too old', pattern: /NVIDIA driver on your system is too old/ },
];

export const noGpu: FailureRule = {
  reason: 'no-gpu',
  match: (ctx) => findFirst(ctx.messages, NO_GPU),
  explain: (match) =>
    match.variant === 'old-driver'
      ? {
          summary: "The NVIDIA driver is too old for this vLLM's PyTorch build.",
          advice: 'Update the NVIDIA driver, or install a vLLM build for the CUDA version the driver supports (nvidia-smi shows it).',
          figures: {},
        }
      : {
          summary: 'vLLM could not see a CUDA GPU, so it could not tell which device to run on.',
          advice: 'No CUDA GPU is visible: check that `nvidia-smi` lists the GPU and that CUDA_VISIBLE_DEVICES (the profile\'s GPU index) names one that exists.',
          figures: {},
        },
};

export const bf16Unsupported: FailureRule = {
  reason: 'bf16-unsupported',
  match: (ctx) =>
    findFirst(ctx.messages, [
      {
        variant: 'capability',
        hint: 'Bfloat16 is only supported on GPUs',
        pattern: /Bfloat16 is only supported on GPUs with compute capability of at least 8\.0\.(?: Your (.{1,200}?) GPU (?:has compute capability (\d+)\.(\d+)|does not have))?/,
      },
    ]),
  explain: (match): Explanation => {
    const [, rawName, major, minor] = match.captures;
    // Some builds print the name as Python bytes: b'Tesla T4'.
    const name = (rawName ?? '').replace(/^b'(.*)'$/, '$1');
    const capability = major !== undefined && minor !== undefined ? Number(`${major}.${minor}`) : null;
    const gpu = name ? `Your ${name} GPU` : 'This GPU';
    const has = capability === null ? '' : ` (compute capability ${capability})`;
    return {
      summary: `${gpu}${has} cannot run the model in bfloat16, which needs compute capability 8.0 or newer.`,
      advice: 'Set dtype to half (`--dtype half`) in the profile and start again.',
      figures: capability === null ? {} : { computeCapability: capability },
    };
  },
};

const PORT: readonly LinePattern[] = [
  {
    // uvicorn: `[Errno 98] error while attempting to bind on address ('127.0.0.1', 8000): address already in use`;
    // vLLM's own socket: `OSError: [Errno 98] Address already in use` (48 on macOS).
    variant: 'errno',
    hint: 'ddress already in use',
    pattern: /\[Errno (?:98|48|10048)\] (?:error while attempting to bind on address \('([^']{0,100})', (\d{1,5})\): )?[Aa]ddress already in use/,
  },
  { variant: 'errno', hint: 'EADDRINUSE', pattern: /EADDRINUSE/ },
];

export const portInUse: FailureRule = {
  reason: 'port-in-use',
  match: (ctx) => findFirst(ctx.messages, PORT),
  explain: (match, ctx): Explanation => {
    const port = match.captures[2] ? Number(match.captures[2]) : ctx.requested.port;
    if (port === null) {
      return {
        summary: 'The port vLLM was asked to listen on is already in use.',
        advice: "Leave the profile's port empty so Pairwise picks a free one, or choose another port.",
        figures: {},
      };
    }
    return {
      summary: `Port ${port} is already in use, so vLLM could not listen on it.`,
      advice: `Leave the profile's port empty so Pairwise picks a free one, or choose another; Pairwise never stops programs it did not start, so close whatever listens on ${port} yourself if you need that port.`,
      figures: { port },
    };
  },
};

const BAD_ARGUMENTS: readonly LinePattern[] = [
  // argparse: `vllm serve: error: unrecognized arguments: --foo`, `api_server.py: error: argument --dtype: ...`.
  { variant: 'argparse', hint: ': error: ', pattern: /^[\w./-]{1,200}(?: [\w-]{1,50})?: error: (.{1,2000})$/ },
  {
    variant: 'max-len',
    hint: 'is greater than the derived max_model_len',
    pattern: /User-specified max_model_len \((\d+)\) is greater than the derived max_model_len \((?:[\w.]{1,60}=)?(\d+)/,
  },
];

export const badArguments: FailureRule = {
  reason: 'bad-arguments',
  match: (ctx) => findFirst(ctx.messages, BAD_ARGUMENTS),
  explain: (match): Explanation => {
    const [, first, second] = match.captures;
    if (match.variant === 'max-len') {
      return {
        summary: `The requested max-model-len ${first} is longer than the ${second} tokens this model was built for.`,
        advice: `Set max-model-len to ${second} or less; VLLM_ALLOW_LONG_MAX_MODEL_LEN=1 overrides the check, but only helps models whose RoPE scaling really extends the context.`,
        figures: { maxModelLen: Number(first), modelMaxLen: Number(second) },
      };
    }
    return { ...explainArgparse(first ?? ''), figures: {} };
  },
};

function explainArgparse(detail: string): { summary: string; advice: string } {
  const help = '`vllm serve --help` lists what this vLLM version accepts';
  const unrecognized = /^unrecognized arguments: (.+)$/.exec(detail);
  if (unrecognized) {
    return {
      summary: `vLLM did not recognise these arguments: ${unrecognized[1]}.`,
      advice: `Remove or correct ${unrecognized[1]} in the profile's arguments; ${help}.`,
    };
  }
  const choice = /^argument ([^:]{1,100}): invalid choice: '([^']*)'(?: \(choose from (.{1,1000})\))?/.exec(detail);
  if (choice) {
    const name = argumentName(choice[1]);
    const choices = choice[3] ? ` Use one of: ${choice[3].replace(/'/g, '')}.` : '';
    return { summary: `vLLM rejected '${choice[2]}' for ${name}.`, advice: `Correct ${name} in the profile.${choices}` };
  }
  const argument = /^argument ([^:]{1,100}): (.+)$/.exec(detail);
  if (argument) {
    const name = argumentName(argument[1]);
    return { summary: `vLLM rejected ${name}: ${asSentenceEnd(argument[2] ?? '')}`, advice: `Correct ${name} in the profile; ${help}.` };
  }
  return { summary: `vLLM rejected the command line: ${asSentenceEnd(detail)}`, advice: `Correct the profile's arguments; ${help}.` };
}

/** `--dtype/-d` -> `--dtype`. */
function argumentName(spec: string | undefined): string {
  return (spec ?? '').split('/')[0]?.trim() || 'an argument';
}

const MISSING_EXECUTABLE: readonly LinePattern[] = [
  // The caller reports a failed spawn as a line: `spawn vllm ENOENT`.
  { variant: 'spawn', hint: 'spawn', pattern: /\bspawn(?:Sync)? (.{1,1000}?) (ENOENT|EACCES)\b/ },
  { variant: 'module', hint: 'No module named', pattern: /No module named '?vllm\b/ },
  { variant: 'shell', hint: 'command not found', pattern: /(\S{1,300}): command not found/ },
];

export const executableNotFound: FailureRule = {
  reason: 'executable-not-found',
  match: (ctx) => findFirst(ctx.messages, MISSING_EXECUTABLE),
  explain: (match) => {
    const [, command, code] = match.captures;
    if (match.variant === 'module') {
      return {
        summary: 'This Python environment has no vLLM installed.',
        advice: "Choose the Python of the virtual environment where vLLM is installed in the profile, or install it there with `pip install vllm`.",
        figures: {},
      };
    }
    if (code === 'EACCES') {
      return {
        summary: `The file ${command} exists but is not executable.`,
        advice: `Make it executable (\`chmod +x ${command}\`) or choose the right file as the profile's vLLM executable.`,
        figures: {},
      };
    }
    return {
      summary: `Pairwise could not run ${command}: no such program was found.`,
      advice: "Install vLLM (`pip install vllm`) and set the profile's vLLM executable to its full path (for example ~/venvs/vllm/bin/vllm), or put it on the PATH Pairwise sees.",
      figures: {},
    };
  },
};
