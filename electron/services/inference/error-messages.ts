// Turns what went wrong with a request into an InferenceErrorInfo: a typed kind for the code, a sentence a
// person can act on for the pane, and the server's own message kept verbatim beside it.
import type { InferenceErrorInfo } from '../../shared/compare';
import { isContextLengthMessage, parseContextLength } from './context-length';
import { messageFromErrorObject, parseErrorBody } from './error-body';

/** Everything that can end a request badly, as observed by the client (no sentences yet). */
export type InferenceFailure =
  | { kind: 'connect-failed'; code: string | null; detail: string }
  | { kind: 'connect-timeout'; afterMs: number }
  /** The socket closed or reset before the answer was complete; `answered` once the status line came. */
  | { kind: 'connection-lost'; answered: boolean }
  | { kind: 'idle-timeout'; afterMs: number; answered: boolean }
  | { kind: 'http-status'; status: number; body: string }
  /** Status 200 but not `text/event-stream`. */
  | { kind: 'not-a-stream'; contentType: string | null; body: string }
  /** `data: {"error": {...}}` inside a 200 stream. */
  | { kind: 'stream-error'; payload: unknown }
  | { kind: 'malformed-event'; data: string }
  /** Megabytes without an event boundary: whatever this is, it is not an event stream. */
  | { kind: 'oversized-event' }
  | { kind: 'empty-stream' }
  /** The base URL is not an http(s) address. */
  | { kind: 'bad-address'; address: string };

export interface FailureContext {
  /** http://host:port, for sentences about reaching the server. */
  origin: string;
  /** The full request URL. */
  url: string;
  /** The model the request named. */
  model: string;
  apiKeySent: boolean;
}

const CONNECT_CODES_HOST_UNKNOWN = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const CONNECT_CODES_UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN', 'ENETDOWN']);

export function describeFailure(failure: InferenceFailure, context: FailureContext): InferenceErrorInfo {
  switch (failure.kind) {
    case 'connect-failed':
      return info('connection-refused', connectSentence(failure.code, failure.detail, context.origin), null, null);
    case 'connect-timeout':
      return info('connection-refused', `Nothing answered at ${context.origin} within ${seconds(failure.afterMs)} s. Check that the server is running and the address is right.`, null, null);
    case 'connection-lost':
      return info(
        'connection-reset',
        failure.answered
          ? 'The server closed the connection mid-answer (it may have crashed: see its log in Models).'
          : 'The server closed the connection before answering (it may have crashed: see its log in Models).',
        null,
        null,
      );
    case 'idle-timeout':
      return info(
        'idle-timeout',
        failure.answered
          ? `No data for ${seconds(failure.afterMs)} s: the server stopped sending mid-answer. See its log in Models, then send again.`
          : `No answer ${seconds(failure.afterMs)} s after sending: the server may be stuck or busy with other requests. See its log in Models, then send again.`,
        null,
        null,
      );
    case 'http-status':
      return describeHttpStatus(failure.status, failure.body, context);
    case 'not-a-stream':
      return describeNotAStream(failure.contentType, failure.body);
    case 'stream-error':
      return describeStreamError(failure.payload);
    case 'malformed-event':
      return info('malformed-stream', `The server sent an event that is not JSON: ${cut(failure.data, 120)}. ${NOT_OPENAI}`, 200, failure.data.slice(0, 4000));
    case 'oversized-event':
      return info('malformed-stream', `The server sent megabytes without ending an event: this is not an event stream. ${NOT_OPENAI}`, 200, null);
    case 'empty-stream':
      return info('malformed-stream', `The server answered but sent no events. ${NOT_OPENAI}`, 200, null);
    case 'bad-address':
      return info('connection-refused', `"${failure.address}" is not a server address (like http://127.0.0.1:8000/v1). Fix it in the profile.`, null, null);
  }
}

function connectSentence(code: string | null, detail: string, origin: string): string {
  if (code === 'ECONNREFUSED') return `Nothing answers at ${origin} — the server is not running. Launch it in Models.`;
  if (code !== null && CONNECT_CODES_HOST_UNKNOWN.has(code)) return `The host of ${origin} cannot be found (${code}). Check the profile's address.`;
  if (code !== null && CONNECT_CODES_UNREACHABLE.has(code)) return `${origin} cannot be reached (${code}). Check the address and the network.`;
  return `Cannot connect to ${origin}: ${detail}. Check that the server is running and the address is right.`;
}

function describeHttpStatus(status: number, body: string, context: FailureContext): InferenceErrorInfo {
  const parsed = parseErrorBody(body);
  const serverMessage = parsed.serverMessage;
  if (status === 401 || status === 403) {
    const sentence = context.apiKeySent ? 'The server refused the API key.' : 'The server wants an API key: set it in the profile.';
    return info('unauthorized', sentence, status, serverMessage);
  }
  if (status === 404 && isModelNotFound(parsed.type, parsed.param, serverMessage)) {
    return info('model-not-found', `The server does not serve model ${context.model}. Set the profile's served name to a model the server lists.`, status, serverMessage);
  }
  if (status === 404) {
    return info('bad-request', `Nothing at ${context.url} (HTTP 404): check the profile's address (it should end in /v1).`, status, serverMessage);
  }
  if (isContextLengthMessage(status, serverMessage)) {
    return info('context-length', contextLengthSentence(serverMessage ?? ''), status, serverMessage);
  }
  const said = parsed.summary ? `: ${parsed.summary}` : '.';
  if (status >= 500) return info('server-error', `The server failed (HTTP ${status})${said} See its log in Models.`, status, serverMessage);
  return info('bad-request', `The server rejected the request (HTTP ${status})${said} Check the sampling settings and this side's own values.`, status, serverMessage);
}

function isModelNotFound(type: string | null, param: string | null, message: string | null): boolean {
  if (type === 'NotFoundError' && param === 'model') return true;
  return message !== null && /model\b.*\bdoes not exist/i.test(message);
}

export function contextLengthSentence(serverMessage: string): string {
  const { contextTokens, promptTokens, requestedOutputTokens } = parseContextLength(serverMessage);
  if (contextTokens === null || promptTokens === null) {
    return "The prompt does not fit in this server's context. Shorten the conversation or lower max tokens.";
  }
  const context = `this server's context is ${thousands(contextTokens)}`;
  if (requestedOutputTokens === null || promptTokens >= contextTokens) {
    return `The prompt is ${thousands(promptTokens)} tokens; ${context}. Shorten the conversation or lower max tokens.`;
  }
  const room = contextTokens - promptTokens;
  return (
    `The prompt is ${thousands(promptTokens)} tokens and max tokens is ${thousands(requestedOutputTokens)}; ${context}, ` +
    `which leaves room for ${thousands(room)}. Lower max tokens or shorten the conversation.`
  );
}

function describeNotAStream(contentType: string | null, body: string): InferenceErrorInfo {
  const parsed = parseErrorBody(body);
  const what = contentType ? `"${contentType.split(';')[0]}"` : 'a body without a content type';
  const said = parsed.summary ? `: ${parsed.summary}` : '.';
  return info('malformed-stream', `The server answered with ${what} instead of an event stream${said} ${NOT_OPENAI}`, 200, parsed.serverMessage);
}

function describeStreamError(payload: unknown): InferenceErrorInfo {
  const serverMessage = messageFromErrorObject(payload)?.serverMessage ?? JSON.stringify(payload);
  return info('stream-error', `The server reported an error mid-answer: ${cut(serverMessage, 300)} See its log in Models, then send again.`, 200, serverMessage);
}

const NOT_OPENAI = "Check that the profile's address is an OpenAI-compatible API (vLLM, SGLang, llama.cpp, Ollama: usually ending in /v1).";

function info(kind: InferenceErrorInfo['kind'], message: string, httpStatus: number | null, serverMessage: string | null): InferenceErrorInfo {
  return { kind, message, httpStatus, serverMessage };
}

export function thousands(value: number): string {
  return value.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function cut(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
