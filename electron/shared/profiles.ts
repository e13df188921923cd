// Model profiles: what to launch (or connect to) and how. Validated with zod in main before anything runs.
import { z } from 'zod';
import { DTYPES, MANAGED_ENV, MANAGED_FLAGS } from './profile-defaults';

// The constants and defaults live in a zod-free file the renderer can import; re-exported here for the services.
export { DTYPES, MANAGED_ENV, MANAGED_FLAGS, newVllmDraft } from './profile-defaults';

const name = z.string().trim().min(1, 'give the profile a name').max(80, 'keep the name under 80 characters');

const argToken = z
  .string()
  .min(1, 'an empty argument is not allowed')
  .refine((t) => !t.includes('\0'), 'arguments cannot contain NUL characters');

export const extraArgsSchema = z.array(argToken).superRefine((tokens, ctx) => {
  tokens.forEach((token, index) => {
    const flag = token.split('=')[0]!;
    if ((MANAGED_FLAGS as readonly string[]).includes(flag)) {
      ctx.addIssue({ code: 'custom', path: [index], message: `${flag} is set by Pairwise from the profile's own fields; remove it from extra args` });
    }
  });
});

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'environment variable names are letters, digits and _');
export const envSchema = z.record(envName, z.string().refine((v) => !v.includes('\0'), 'values cannot contain NUL characters')).superRefine((env, ctx) => {
  for (const key of Object.keys(env)) {
    if ((MANAGED_ENV as readonly string[]).includes(key)) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is set by Pairwise (use the GPU field)` });
  }
});

/** The vLLM command: `vllm serve` (on PATH or at a path), or a Python with `-m vllm.entrypoints.openai.api_server`. */
export const vllmCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vllm'), path: z.string().trim().min(1).nullable() }).strict(),
  z.object({ kind: z.literal('python'), python: z.string().trim().min(1, 'give the path of the Python that has vLLM installed') }).strict(),
]);
export type VllmCommand = z.infer<typeof vllmCommandSchema>;

export const vllmProfileFields = z
  .object({
    engine: z.literal('vllm'),
    name,
    /** A Hugging Face id (Qwen/Qwen2-7B-Instruct) or a local folder. */
    source: z.string().trim().min(1, 'give a Hugging Face model id or a local folder'),
    /** What the API calls the model; null = the source. */
    servedName: z.string().trim().min(1).nullable(),
    command: vllmCommandSchema,
    /** CUDA_VISIBLE_DEVICES (nvidia-smi order); empty = every GPU. */
    gpuIndices: z.array(z.number().int().min(0).max(63)).max(64),
    gpuMemoryUtilization: z.number().gt(0, 'gpu-memory-utilization must be above 0').max(1, 'gpu-memory-utilization is a fraction of the GPU: at most 1'),
    maxModelLen: z.number().int().min(16, 'max-model-len must be at least 16').nullable(),
    dtype: z.enum(DTYPES),
    quantization: z.string().trim().min(1).nullable(),
    tensorParallelSize: z.number().int().min(1).max(64),
    seed: z.number().int().min(0).nullable(),
    extraArgs: extraArgsSchema,
    env: envSchema,
    /** A port to use when it is free (handy for curl); null or busy = any free loopback port. */
    preferredPort: z.number().int().min(1024, 'use a port from 1024 up').max(65535).nullable(),
    /** Restart after a crash, with capped exponential backoff. */
    autoRestart: z.boolean(),
  })
  .strict();

export const endpointProfileFields = z
  .object({
    engine: z.literal('endpoint'),
    name,
    /** The OpenAI-compatible base URL, e.g. http://gpu-box:8000/v1 */
    baseUrl: z
      .string()
      .trim()
      .url('give a full URL such as http://127.0.0.1:8000/v1')
      .refine((u) => /^https?:\/\//i.test(u), 'only http:// and https:// endpoints are supported'),
    apiKey: z.string().min(1).nullable(),
    /** The model name the endpoint serves (as /v1/models lists it). */
    servedName: z.string().trim().min(1, 'give the model name the endpoint serves'),
  })
  .strict();

function tensorParallelFits(profile: { tensorParallelSize: number; gpuIndices: number[] }, ctx: z.RefinementCtx): void {
  if (profile.gpuIndices.length > 0 && profile.tensorParallelSize > profile.gpuIndices.length) {
    ctx.addIssue({ code: 'custom', path: ['tensorParallelSize'], message: `tensor-parallel size ${profile.tensorParallelSize} needs that many GPUs; only ${profile.gpuIndices.length} selected` });
  }
  if (new Set(profile.gpuIndices).size !== profile.gpuIndices.length) ctx.addIssue({ code: 'custom', path: ['gpuIndices'], message: 'a GPU is listed twice' });
}

/** A new profile or a full edit (no id: main assigns it). */
export const profileDraftSchema = z.discriminatedUnion('engine', [
  vllmProfileFields.superRefine(tensorParallelFits),
  endpointProfileFields,
]);
export type ProfileDraft = z.infer<typeof profileDraftSchema>;
export type VllmProfileDraft = Extract<ProfileDraft, { engine: 'vllm' }>;
export type EndpointProfileDraft = Extract<ProfileDraft, { engine: 'endpoint' }>;

export const profileIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a profile id');

export type ModelProfile = ProfileDraft & { id: string; createdAt: number; updatedAt: number };
export type VllmProfile = Extract<ModelProfile, { engine: 'vllm' }>;
export type EndpointProfile = Extract<ModelProfile, { engine: 'endpoint' }>;
