// The framing torture test: vLLM-shaped streams recorded byte for byte, served by a local node:http server that
// writes them split at seeded-random positions (inside UTF-8 characters, inside CRLF, inside `data:`), read by
// the real chat-stream client. Every split must give byte-identical text and the same event count. Then every
// way a request can fail, each with its typed error.
import http, { type ClientRequestArgs } from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareChatStream, type ChatStreamOptions, type ChatStreamResult } from '../../electron/services/inference/chat-stream';
import { waitUntil } from '../../electron/services/engines/process/process-group';
import { CONTEXT_MESSAGES, ENGINE_ERROR, ERROR_SCENARIOS, SCENARIO_MODEL } from '../support/error-scenarios';
import { RECORDINGS, partialStream, type Recording } from '../support/recorded-streams';
import { freePort } from '../support/serving-emulator';
import { randomSlices, sendEventStreamHead, startScenarioServer, writeSlices, type Scenario, type ScenarioServer } from '../support/scenario-server';

const SEEDS_PER_RECORDING = 12;
const MODEL = SCENARIO_MODEL;

/** Counts the client's socket reads, to prove the server's slices really arrived as separate chunks. */
class CountingAgent extends http.Agent {
  reads = 0;
  override createConnection(options: ClientRequestArgs): net.Socket {
    const socket = net.createConnection({ host: options.host ?? '127.0.0.1', port: Number(options.port) });
    socket.on('data', () => (this.reads += 1));
    return socket;
  }
}

function recordingScenario(recording: Recording, maxSize?: number): Scenario {
  return async (res, { seed }) => {
    sendEventStreamHead(res);
    await writeSlices(res, randomSlices(recording.bytes, seed, maxSize));
    res.end();
  };
}

/** A malformed event with good ones after it in the same socket read: the side has ended at the bad one. */
const notJsonThenText: Scenario = async (res) => {
  sendEventStreamHead(res);
  const late = JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'LATE' }, finish_reason: null }] });
  await writeSlices(res, [partialStream(5), Buffer.from(`data: <html>oops</html>\n\ndata: ${late}\n\ndata: ${late}\n\n`)]);
  res.end();
};

let server: ScenarioServer;

beforeAll(async () => {
  const scenarios: Record<string, Scenario> = { ...ERROR_SCENARIOS, 'not-json-then-text': notJsonThenText, silent: () => {} };
  RECORDINGS.forEach((recording, i) => {
    scenarios[`recording-${i}`] = recordingScenario(recording);
    scenarios[`recording-${i}-bytewise`] = recordingScenario(recording, 1);
  });
  server = await startScenarioServer(scenarios);
});
afterAll(() => server.close());

async function run(baseUrl: string, options: Partial<ChatStreamOptions> = {}): Promise<ChatStreamResult> {
  const stream = prepareChatStream({ baseUrl, apiKey: null, body: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, ...options });
  await stream.connected;
  return stream.start();
}

function expectAnswer(result: ChatStreamResult, recording: Recording): void {
  expect(result.error).toBeNull();
  expect(result.outcome).toBe('done');
  expect(Buffer.from(result.content, 'utf8').equals(Buffer.from(recording.content, 'utf8'))).toBe(true);
  expect(result.reasoning).toBe(recording.reasoning);
  expect(result.events).toBe(recording.events);
  expect(result.finishReason).toBe(recording.finishReason);
  expect(result.timings.outputTokens).toBe(recording.completionTokens);
  expect(result.timings.promptTokens).toBe(recording.promptTokens);
}

describe('recorded vLLM streams split at seeded-random byte positions', () => {
  RECORDINGS.forEach((recording, i) => {
    it(`${recording.name}: ${SEEDS_PER_RECORDING} random splittings and one byte by byte give the same answer`, async () => {
      let writes = 0;
      let reads = 0;
      for (let seed = 1; seed <= SEEDS_PER_RECORDING; seed++) {
        const agent = new CountingAgent();
        const result = await run(server.baseUrl(`recording-${i}`, seed * 7919 + i), { agent });
        expectAnswer(result, recording);
        expect(result.model).toBe(MODEL);
        writes += randomSlices(recording.bytes, seed * 7919 + i).length;
        reads += agent.reads;
      }
      const agent = new CountingAgent();
      expectAnswer(await run(server.baseUrl(`recording-${i}-bytewise`), { agent }), recording);
      writes += recording.bytes.length;
      reads += agent.reads;
      // Thousands of splits per recording, and they really reached the client as separate reads.
      expect(writes).toBeGreaterThan(5000);
      expect(reads).toBeGreaterThan(writes * 0.9);
    });
  });
});

describe('how a stream can end', () => {
  it('an error event inside a 200 stream is a stream-error with the server message verbatim', async () => {
    const result = await run(server.baseUrl('stream-error'));
    expect(result.outcome).toBe('error');
    expect(result.error).toMatchObject({ kind: 'stream-error', httpStatus: 200, serverMessage: ENGINE_ERROR });
    expect(result.error?.message).toContain(ENGINE_ERROR);
    expect(result.content.length).toBeGreaterThan(0); // the text so far is kept
    expect(result.timings.ttftMs).not.toBeNull();
  });

  it('no [DONE] before the close, but a finish_reason: done', async () => {
    const result = await run(server.baseUrl('no-done-finished'));
    expect(result).toMatchObject({ outcome: 'done', error: null, finishReason: 'stop' });
    expect(result.timings.outputTokens).not.toBeNull();
  });

  it('no [DONE] and no finish_reason before a clean close: connection-reset', async () => {
    const result = await run(server.baseUrl('no-done-unfinished'));
    expect(result.outcome).toBe('error');
    expect(result.error?.kind).toBe('connection-reset');
    expect(result.events).toBe(6);
  });

  it('the server killed mid-answer (socket closed inside an event): connection-reset, the cut event ignored', async () => {
    const result = await run(server.baseUrl('killed-mid-answer'));
    expect(result.error).toMatchObject({ kind: 'connection-reset', message: 'The server closed the connection mid-answer (it may have crashed: see its log in Models).' });
    expect(result.events).toBe(6);
    expect(result.timings.ttftMs).not.toBeNull();
  });

  it('a TCP reset mid-answer: connection-reset', async () => {
    const result = await run(server.baseUrl('reset-mid-answer'));
    expect(result.error?.kind).toBe('connection-reset');
  });

  it('a TCP reset before any answer: connection-reset', async () => {
    const result = await run(server.baseUrl('reset-before-answer'));
    expect(result.error?.kind).toBe('connection-reset');
    expect(result.timings.ttftMs).toBeNull();
  });

  it('a server that stops sending: idle-timeout, with the timings so far', async () => {
    const result = await run(server.baseUrl('stall'), { idleTimeoutMs: 300 });
    expect(result.error).toMatchObject({ kind: 'idle-timeout', message: 'No data for 0.3 s: the server stopped sending mid-answer. See its log in Models, then send again.' });
    expect(result.timings.ttftMs).not.toBeNull();
    expect(result.events).toBe(4);
  });

  it('a server that never answers: idle-timeout, worded for a request not yet answered', async () => {
    const result = await run(server.baseUrl('silent'), { idleTimeoutMs: 300 });
    expect(result.error).toMatchObject({ kind: 'idle-timeout', message: 'No answer 0.3 s after sending: the server may be stuck or busy with other requests. See its log in Models, then send again.' });
    expect(result.timings.ttftMs).toBeNull();
  });

  it('a data event that is not JSON: malformed-stream', async () => {
    const result = await run(server.baseUrl('not-json'));
    expect(result.error).toMatchObject({ kind: 'malformed-stream', serverMessage: '<html>oops</html>' });
  });

  it('events after a malformed one in the same read are not taken as text', async () => {
    const deltas: string[] = [];
    const result = await run(server.baseUrl('not-json-then-text'), { onDelta: (delta) => deltas.push(delta.content + delta.reasoning) });
    expect(result.error?.kind).toBe('malformed-stream');
    expect(result.content).not.toContain('LATE');
    expect(deltas.join('')).not.toContain('LATE');
    expect(deltas.length).toBeGreaterThan(0);
  });

  it('200 with JSON instead of an event stream: malformed-stream', async () => {
    const result = await run(server.baseUrl('json-200'));
    expect(result.error?.kind).toBe('malformed-stream');
    expect(result.error?.message).toContain('application/json');
  });

  it('200 event stream with no events at all: malformed-stream', async () => {
    expect((await run(server.baseUrl('empty-200'))).error?.kind).toBe('malformed-stream');
  });
});

describe('error bodies', () => {
  it.each([
    ['ctx-classic', 'The prompt is 40,000 tokens; this server\'s context is 32,768. Shorten the conversation or lower max tokens.', CONTEXT_MESSAGES.classic],
    ['ctx-max-tokens', "The prompt is 30,000 tokens and max tokens is 4,096; this server's context is 32,768, which leaves room for 2,768. Lower max tokens or shorten the conversation.", CONTEXT_MESSAGES.maxTokens],
    ['ctx-passed', "The prompt is 30,000 tokens and max tokens is 4,096; this server's context is 32,768, which leaves room for 2,768. Lower max tokens or shorten the conversation.", CONTEXT_MESSAGES.passed],
    ['ctx-openai-old-flat', "The prompt is 4,000 tokens and max tokens is 1,000; this server's context is 4,096, which leaves room for 96. Lower max tokens or shorten the conversation.", CONTEXT_MESSAGES.openaiOld],
  ])('%s: context-length naming the numbers', async (scenario, message, serverMessage) => {
    const result = await run(server.baseUrl(scenario));
    expect(result.error).toEqual({ kind: 'context-length', message, httpStatus: 400, serverMessage });
  });

  it.each(['model-nested', 'model-flat'])('%s: model-not-found', async (scenario) => {
    const result = await run(server.baseUrl(scenario));
    expect(result.error).toEqual({
      kind: 'model-not-found',
      message: `The server does not serve model ${MODEL}. Set the profile's served name to a model the server lists.`,
      httpStatus: 404,
      serverMessage: `The model \`${MODEL}\` does not exist.`,
    });
  });

  it('401 {"error":"Unauthorized"}: unauthorized, worded by whether a key was sent', async () => {
    const withKey = await run(server.baseUrl('unauthorized'), { apiKey: 'wrong' });
    expect(withKey.error).toEqual({ kind: 'unauthorized', message: 'The server refused the API key.', httpStatus: 401, serverMessage: 'Unauthorized' });
    const withoutKey = await run(server.baseUrl('unauthorized'));
    expect(withoutKey.error?.message).toBe('The server wants an API key: set it in the profile.');
  });

  it('an HTML error page: server-error with its title, the page kept verbatim', async () => {
    const result = await run(server.baseUrl('html-502'));
    expect(result.error?.kind).toBe('server-error');
    expect(result.error?.httpStatus).toBe(502);
    expect(result.error?.message).toBe('The server failed (HTTP 502): 502 Bad Gateway See its log in Models.');
    expect(result.error?.serverMessage).toContain('<title>502 Bad Gateway</title>');
  });

  it('plain text 500: server-error', async () => {
    const result = await run(server.baseUrl('text-500'));
    expect(result.error).toMatchObject({ kind: 'server-error', httpStatus: 500, serverMessage: 'Internal Server Error' });
  });

  it('404 without a model message (wrong address): bad-request pointing at the address', async () => {
    const result = await run(server.baseUrl('route-404'));
    expect(result.error).toMatchObject({ kind: 'bad-request', httpStatus: 404, serverMessage: 'Not Found' });
    expect(result.error?.message).toContain('/route-404/0/v1/chat/completions');
  });

  it('another 400: bad-request with the server message', async () => {
    const result = await run(server.baseUrl('validation-400'));
    expect(result.error).toMatchObject({ kind: 'bad-request', httpStatus: 400, serverMessage: 'max_tokens must be at least 1, got 0.' });
  });
});

describe('connecting, starting, cancelling', () => {
  it('connects before writing anything; start() writes', async () => {
    const before = { ...server.counts };
    const stream = prepareChatStream({ baseUrl: server.baseUrl('recording-0', 1), apiKey: null, body: { model: MODEL, messages: [] } });
    await stream.connected;
    // The server sees the connection in its own callback; then nothing more must arrive until start().
    expect(await waitUntil(() => server.counts.connections === before.connections + 1, 5000, 5)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.counts.connections).toBe(before.connections + 1);
    expect(server.counts.requests).toBe(before.requests);
    const result = await stream.start();
    expect(server.counts.requests).toBe(before.requests + 1);
    expect(result.outcome).toBe('done');
    expect(await stream.start()).toBe(result);
  });

  it('nothing listening: connection-refused naming the address, connected still resolves', async () => {
    const port = await freePort();
    const result = await run(`http://127.0.0.1:${port}/v1`);
    expect(result.error).toEqual({
      kind: 'connection-refused',
      message: `Nothing answers at http://127.0.0.1:${port} — the server is not running. Launch it in Models.`,
      httpStatus: null,
      serverMessage: null,
    });
    expect(result.timings.ttftMs).toBeNull();
  });

  it('a base URL that is not http(s): connection-refused, no throw', async () => {
    const result = await run('ftp://example/v1');
    expect(result.error?.kind).toBe('connection-refused');
  });

  it('cancel mid-answer: cancelled with the timings so far', async () => {
    const deltas: string[] = [];
    const stream = prepareChatStream({
      baseUrl: server.baseUrl('slow'),
      apiKey: null,
      body: { model: MODEL, messages: [] },
      onDelta: (delta) => {
        deltas.push(delta.content + delta.reasoning);
        if (deltas.length === 2) stream.cancel();
      },
    });
    await stream.connected;
    const result = await stream.start();
    expect(result).toMatchObject({ outcome: 'cancelled', error: null });
    expect(result.timings.ttftMs).not.toBeNull();
    expect(result.timings.outputTokens).toBeNull();
  });

  it('cancel before start: cancelled at once, nothing written', async () => {
    const before = server.counts.requests;
    const stream = prepareChatStream({ baseUrl: server.baseUrl('slow'), apiKey: null, body: { model: MODEL, messages: [] } });
    await stream.connected;
    stream.cancel();
    expect((await stream.start()).outcome).toBe('cancelled');
    expect(server.counts.requests).toBe(before);
  });

  it('stamps with the injected clock: start before the write, every event at its chunk', async () => {
    let now = 1_000_000_000n;
    const clock = () => (now += 1_000_000n); // 1 ms per reading
    const result = await run(server.baseUrl('recording-0', 3), { clock });
    expect(result.startNs).toBe(1_001_000_000n);
    expect(result.timings.ttftMs).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(result.timings.ttftMs)).toBe(true);
  });
});
