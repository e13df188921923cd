// Every way a server can answer a chat request badly, scripted for the scenario server: error events inside a
// 200 stream, streams cut or reset, a stall, non-SSE bodies, and each error body vLLM (and what sits in front of
// it) sends. Shared by the framing test (each gives its typed error) and the comparison test (each stays on its side).
import type { Scenario } from './scenario-server';
import { partialStream, pythonJson, streamWithoutDone } from './recorded-streams';
import { randomSlices, sendBody, sendEventStreamHead, writeSlices } from './scenario-server';

export const SCENARIO_MODEL = 'Qwen/Qwen3-4B';

export const CONTEXT_MESSAGES = {
  classic: "This model's maximum context length is 32768 tokens. However, your request has 40000 input tokens. Please reduce the length of the input messages.",
  maxTokens:
    "'max_tokens' or 'max_completion_tokens' is too large: 4096. This model's maximum context length is 32768 tokens and your request has 30000 input tokens (4096 > 32768 - 30000).",
  passed:
    "You passed 30000 input tokens and requested 4096 output tokens. However, the model's context length is only 32768 tokens, resulting in a maximum input length of 28672 tokens. Please reduce the length of the input prompt. (parameter=input_tokens, value=30000)",
  openaiOld: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.",
};
export const ENGINE_ERROR = 'EngineCore encountered an issue. See stack trace (above) for the root cause.';
const nested = (message: string, type: string, code: number, param: string | null = null) => JSON.stringify({ error: { message, type, param, code } });
const flat = (message: string, type: string, code: number, param: string | null = null) => JSON.stringify({ object: 'error', message, type, param, code });

export const ERROR_SCENARIOS: Record<string, Scenario> = {
  'stream-error': async (res) => {
    sendEventStreamHead(res);
    const error = pythonJson({ error: { message: ENGINE_ERROR, type: 'BadRequestError', param: null, code: 400 } });
    await writeSlices(res, [partialStream(12), Buffer.from(`data: ${error}\n\ndata: [DONE]\n\n`)]);
    res.end();
  },
  'no-done-finished': async (res) => {
    sendEventStreamHead(res);
    await writeSlices(res, randomSlices(streamWithoutDone(), 3));
    res.end();
  },
  'no-done-unfinished': async (res) => {
    sendEventStreamHead(res);
    await writeSlices(res, [partialStream(5)]);
    res.end();
  },
  'killed-mid-answer': async (res) => {
    sendEventStreamHead(res);
    await writeSlices(res, [partialStream(5), Buffer.from('data: {"id":"chatcmpl-x","choi')]);
    res.socket?.destroy();
  },
  'reset-mid-answer': async (res) => {
    sendEventStreamHead(res);
    await writeSlices(res, [partialStream(5)]);
    res.socket?.resetAndDestroy();
  },
  'reset-before-answer': (res) => void res.socket?.resetAndDestroy(),
  stall: async (res) => {
    sendEventStreamHead(res);
    await writeSlices(res, [partialStream(3)]); // then nothing, socket open
  },
  'not-json': async (res) => {
    sendEventStreamHead(res);
    await writeSlices(res, [partialStream(2), Buffer.from('data: <html>oops</html>\n\n')]);
  },
  'json-200': (res) => sendBody(res, 200, 'application/json', JSON.stringify({ id: 'x', object: 'chat.completion', choices: [] })),
  'empty-200': (res) => {
    sendEventStreamHead(res);
    res.end();
  },
  'ctx-classic': (res) => sendBody(res, 400, 'application/json', nested(CONTEXT_MESSAGES.classic, 'BadRequestError', 400)),
  'ctx-max-tokens': (res) => sendBody(res, 400, 'application/json', nested(CONTEXT_MESSAGES.maxTokens, 'BadRequestError', 400)),
  'ctx-passed': (res) => sendBody(res, 400, 'application/json', nested(CONTEXT_MESSAGES.passed, 'BadRequestError', 400, 'input_tokens')),
  'ctx-openai-old-flat': (res) => sendBody(res, 400, 'application/json', flat(CONTEXT_MESSAGES.openaiOld, 'BadRequestError', 400)),
  'model-nested': (res) => sendBody(res, 404, 'application/json', nested(`The model \`${SCENARIO_MODEL}\` does not exist.`, 'NotFoundError', 404, 'model')),
  'model-flat': (res) => sendBody(res, 404, 'application/json', flat(`The model \`${SCENARIO_MODEL}\` does not exist.`, 'NotFoundError', 404, 'model')),
  unauthorized: (res) => sendBody(res, 401, 'application/json', JSON.stringify({ error: 'Unauthorized' })),
  'html-502': (res) =>
    sendBody(res, 502, 'text/html', '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body></html>'),
  'text-500': (res) => sendBody(res, 500, 'text/plain; charset=utf-8', 'Internal Server Error'),
  'route-404': (res) => sendBody(res, 404, 'application/json', JSON.stringify({ detail: 'Not Found' })),
  'validation-400': (res) => sendBody(res, 400, 'application/json', nested('max_tokens must be at least 1, got 0.', 'BadRequestError', 400)),
  slow: async (res) => {
    sendEventStreamHead(res);
    await writeSlices(res, [partialStream(3)]);
    setTimeout(() => res.end(), 5000).unref();
  },
};

