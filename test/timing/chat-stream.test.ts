// The chat-stream client against the real vLLM emulator (test/fixtures/bin/vllm): real processes, real sockets,
// server-side pacing with injected TTFT and decode speed. Two emulators stream at once for the timing test, as
// the comparison will run them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChatStream, type ChatRequestBody, type ChatStreamOptions, type ChatStreamResult } from '../../electron/services/inference/chat-stream';
import { readServerTtft, serverTtftDeltaMs } from '../../electron/services/inference/server-metrics';
import { freePort, startServingEmulator, type ServingEmulator } from '../support/serving-emulator';

const TTFT_MS = 300;
const TOKENS_PER_S = 50;
const OUTPUT_TOKENS = 100;
const PAIRS = 7;
const API_KEY = 'sk-pairwise-test';
const ENGINE_ERROR = 'EngineCore encountered an issue. See stack trace (above) for the root cause.';

const paced = { VLLM_EMU_TTFT_MS: String(TTFT_MS), VLLM_EMU_TOKENS_PER_S: String(TOKENS_PER_S), VLLM_EMU_OUTPUT_TOKENS: String(OUTPUT_TOKENS) };
const quick = { VLLM_EMU_TTFT_MS: '50', VLLM_EMU_TOKENS_PER_S: '200', VLLM_EMU_OUTPUT_TOKENS: '100' };

let left: ServingEmulator;
let right: ServingEmulator;
let dying: ServingEmulator;
let stalling: ServingEmulator;
let erroring: ServingEmulator;
let guarded: ServingEmulator;
const started: ServingEmulator[] = [];

beforeAll(async () => {
  const start = async (env: Record<string, string>, extraArgs: string[] = []) => {
    const emulator = await startServingEmulator({ env, extraArgs });
    started.push(emulator);
    return emulator;
  };
  [left, right, dying, stalling, erroring, guarded] = await Promise.all([
    start(paced),
    start(paced),
    start({ ...quick, VLLM_EMU_DIE_AFTER_TOKENS: '10' }),
    start({ ...quick, VLLM_EMU_STALL_AFTER_TOKENS: '5' }),
    start({ ...quick, VLLM_EMU_STREAM_ERROR_AFTER_TOKENS: '5' }),
    start(
      { VLLM_EMU_TTFT_MS: '20', VLLM_EMU_TOKENS_PER_S: '0', VLLM_EMU_OUTPUT_TOKENS: '80', VLLM_EMU_TEXT: 'unicode', VLLM_EMU_SPLIT_WRITES: '1', VLLM_EMU_ERROR_STYLE: 'flat', VLLM_EMU_CONTEXT_MSG: 'passed' },
      ['--api-key', API_KEY],
    ),
  ]);
  // The app warms each server up once it is ready; a cold first request carries the server's own warm-up.
  await Promise.all([left, right].map((emulator) => stream(emulator, { body: body(emulator, 'warm up', { max_tokens: 2 }) })));
}, 60_000);

afterAll(() => started.forEach((emulator) => emulator.stop()));

function body(emulator: ServingEmulator, prompt: string, extra: Partial<ChatRequestBody> = {}): ChatRequestBody {
  return { model: emulator.model, messages: [{ role: 'user', content: prompt }], ...extra };
}

async function stream(emulator: ServingEmulator, options: Partial<ChatStreamOptions> = {}): Promise<ChatStreamResult> {
  const prepared = prepareChatStream({ baseUrl: emulator.baseUrl, apiKey: null, body: body(emulator, 'Say something.'), ...options });
  await prepared.connected;
  return prepared.start();
}

/** Both sides connected first, then started in the same tick, the first one written chosen at random. */
async function comparePair(prompt: string): Promise<[ChatStreamResult, ChatStreamResult]> {
  const sides = [left, right].map((emulator) => prepareChatStream({ baseUrl: emulator.baseUrl, apiKey: null, body: body(emulator, prompt) }));
  await Promise.all(sides.map((side) => side.connected));
  const order = Math.random() < 0.5 ? [0, 1] : [1, 0];
  const results: Promise<ChatStreamResult>[] = [];
  for (const i of order) results[i] = sides[i]!.start();
  const [a, b] = await Promise.all(results);
  return [a!, b!];
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

describe('timing: two emulators streaming at once', () => {
  it(`TTFT within 3 ms of the injected ${TTFT_MS} ms (past the emulator's own lateness), decode within ±2% of ${TOKENS_PER_S} tok/s, on both sides; /metrics agrees`, async () => {
    // Seven pairs. A busy machine only ever adds delay (two emulators and this process want the two CPUs at the
    // first token, and CI runs other suites beside this one: 1-5 ms per request seen then), so the client's own
    // share is judged on its best pair, which still catches any systematic delay in the client; the median TTFT
    // gets a looser bound. On a quiet machine the medians are 301.5-303.5 ms.
    const ttft: [number[], number[]] = [[], []];
    const beyondServer: [number[], number[]] = [[], []];
    const decode: [number[], number[]] = [[], []];
    const serverDelta: number[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const prompt = `Compare pair ${pair}: explain streaming.`;
      const before = await Promise.all([left, right].map((e) => readServerTtft(e.origin, e.model)));
      const results = await comparePair(prompt);
      const after = await Promise.all([left, right].map((e) => readServerTtft(e.origin, e.model)));
      results.forEach((result, side) => {
        expect(result).toMatchObject({ outcome: 'done', error: null, finishReason: 'stop', events: OUTPUT_TOKENS + 2 });
        expect(result.content.length).toBeGreaterThan(0);
        expect(result.timings.outputTokens).toBe(OUTPUT_TOKENS);
        const emulator = side === 0 ? left : right;
        ttft[side]!.push(result.timings.ttftMs!);
        // What the emulator really took, from its own event log (first request byte -> first token written; more
        // than 300 ms when its process was descheduled): the client's share, write and read-back, is the rest.
        beyondServer[side]!.push(result.timings.ttftMs! - emulator.serverFirstTokenSpanMs(prompt));
        decode[side]!.push(result.timings.decodeTokensPerS!);
        const server = serverTtftDeltaMs(before[side]!, after[side]!);
        expect(server).not.toBeNull();
        serverDelta.push(Math.abs(server! - result.timings.ttftMs!));
      });
    }
    for (const side of [0, 1] as const) {
      const figures = `TTFT ${ttft[side].join(', ')}; beyond the emulator's own span ${beyondServer[side].join(', ')}`;
      // Within 3 ms of the injected TTFT once the emulator's own lateness is counted (and never before it).
      expect(Math.min(...beyondServer[side]), figures).toBeGreaterThanOrEqual(0);
      expect(Math.min(...beyondServer[side]), figures).toBeLessThanOrEqual(3);
      expect(Math.abs(median(ttft[side]) - TTFT_MS), figures).toBeLessThanOrEqual(10);
      expect(Math.abs(median(decode[side]) - TOKENS_PER_S) / TOKENS_PER_S, `tok/s ${decode[side].join(', ')}`).toBeLessThanOrEqual(0.02);
    }
    expect(median(serverDelta), `|server - client| TTFT ${serverDelta.join(', ')}`).toBeLessThanOrEqual(20);
  });
});

describe('failures, each typed', () => {
  it('the server dies mid-answer: connection-reset, the text so far kept', async () => {
    const result = await stream(dying);
    expect(result.outcome).toBe('error');
    expect(result.error?.kind).toBe('connection-reset');
    expect(result.events).toBe(11); // role chunk + 10 tokens
    expect(result.content.length).toBeGreaterThan(0);
    expect(result.timings.ttftMs).not.toBeNull();
  });

  it('the server stalls: idle-timeout', async () => {
    const result = await stream(stalling, { idleTimeoutMs: 500 });
    expect(result.error).toMatchObject({ kind: 'idle-timeout', message: 'No data for 0.5 s: the server stopped sending mid-answer. See its log in Models, then send again.' });
    expect(result.events).toBe(6);
  });

  it('an error event mid-stream: stream-error with the server message', async () => {
    const result = await stream(erroring);
    expect(result.error).toMatchObject({ kind: 'stream-error', httpStatus: 200, serverMessage: ENGINE_ERROR });
  });

  it('a wrong or missing API key: unauthorized', async () => {
    const wrong = await stream(guarded, { apiKey: 'sk-wrong' });
    expect(wrong.error).toEqual({ kind: 'unauthorized', message: 'The server refused the API key.', httpStatus: 401, serverMessage: 'Unauthorized' });
    expect((await stream(guarded)).error?.kind).toBe('unauthorized');
  });

  it('an unknown model: model-not-found (nested and flat error bodies)', async () => {
    const nested = await stream(left, { body: { ...body(left, 'hi'), model: 'Qwen/Qwen9-400B' } });
    expect(nested.error).toMatchObject({ kind: 'model-not-found', message: "The server does not serve model Qwen/Qwen9-400B. Set the profile's served name to a model the server lists.", httpStatus: 404 });
    expect(nested.error?.serverMessage).toBe('The model `Qwen/Qwen9-400B` does not exist.');
    const flat = await stream(guarded, { apiKey: API_KEY, body: { ...body(guarded, 'hi'), model: 'nope' } });
    expect(flat.error).toMatchObject({ kind: 'model-not-found', serverMessage: 'The model `nope` does not exist.' });
  });

  it('prompts over --max-model-len 4096: context-length naming both numbers, in each wording', async () => {
    const longPrompt = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    const classic = await stream(left, { body: body(left, longPrompt) });
    expect(classic.error?.kind).toBe('context-length');
    expect(classic.error?.message).toBe("The prompt is 5,004 tokens; this server's context is 4,096. Shorten the conversation or lower max tokens.");

    const mediumPrompt = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ');
    const tooMuchOutput = await stream(left, { body: body(left, mediumPrompt, { max_tokens: 2000 }) });
    expect(tooMuchOutput.error?.message).toBe(
      "The prompt is 3,004 tokens and max tokens is 2,000; this server's context is 4,096, which leaves room for 1,092. Lower max tokens or shorten the conversation.",
    );
    const passed = await stream(guarded, { apiKey: API_KEY, body: body(guarded, mediumPrompt, { max_tokens: 2000 }) });
    expect(passed.error?.kind).toBe('context-length');
    expect(passed.error?.message).toContain('3,004');
    expect(passed.error?.message).toContain('4,096');
  });

  it('nothing listening: connection-refused', async () => {
    const port = await freePort();
    const result = await stream(left, { baseUrl: `http://127.0.0.1:${port}/v1` });
    expect(result.error?.kind).toBe('connection-refused');
    expect(result.error?.message).toBe(`Nothing answers at http://127.0.0.1:${port} — the server is not running. Launch it in Models.`);
  });
});

describe('text and control', () => {
  it('unicode split inside characters across 1 ms-apart writes: byte-identical to the non-streamed answer', async () => {
    const request = body(guarded, 'Write in many scripts.', { seed: 7 });
    const streamed = await stream(guarded, { apiKey: API_KEY, body: request });
    const response = await fetch(`${guarded.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify(request),
    });
    const whole = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(streamed.outcome).toBe('done');
    expect(Buffer.from(streamed.content).equals(Buffer.from(whole.choices[0]!.message.content))).toBe(true);
    expect(Buffer.byteLength(streamed.content)).toBeGreaterThan(streamed.content.length); // multi-byte characters came
    expect(streamed.events).toBe(80 + 2);
    expect(streamed.systemFingerprint).toBe('vllm-0.11.0-emulator');
  });

  it('cancel mid-answer: cancelled, with the TTFT so far', async () => {
    let deltas = 0;
    const prepared = prepareChatStream({
      baseUrl: left.baseUrl,
      apiKey: null,
      body: body(left, 'Cancel me.'),
      onDelta: () => {
        if (++deltas === 5) prepared.cancel();
      },
    });
    await prepared.connected;
    const result = await prepared.start();
    expect(result).toMatchObject({ outcome: 'cancelled', error: null });
    expect(result.timings.ttftMs).toBeGreaterThanOrEqual(TTFT_MS);
    expect(result.timings.ttftMs).toBeLessThan(TTFT_MS + 30);
    expect(result.events).toBe(6); // the role chunk and 5 content tokens
  });
});
