// The server's own message out of an error body, whatever shape it has: vLLM's nested
// `{"error":{"message",...}}` (v0.10.1+), the older flat `{"object":"error","message",...}`, the API-key
// guard's `{"error":"Unauthorized"}`, FastAPI's `{"detail":...}`, a proxy's HTML page or plain text.

export interface ServerErrorBody {
  /** The message as the server wrote it (JSON: the message field; otherwise the body, trimmed). */
  serverMessage: string | null;
  /** A short one-line version for sentences (an HTML page's title or text, cut). */
  summary: string | null;
  /** `type` / `param` when the server sent them (vLLM: e.g. NotFoundError / model). */
  type: string | null;
  param: string | null;
}

const MAX_SERVER_MESSAGE = 4000;
const MAX_SUMMARY = 300;

export function parseErrorBody(body: string): ServerErrorBody {
  const trimmed = body.trim();
  if (trimmed === '') return { serverMessage: null, summary: null, type: null, param: null };
  const fromJson = messageFromJson(trimmed);
  if (fromJson) return { ...fromJson, summary: shorten(fromJson.serverMessage ?? trimmed) };
  const serverMessage = trimmed.slice(0, MAX_SERVER_MESSAGE);
  return { serverMessage, summary: looksLikeHtml(trimmed) ? shorten(htmlText(trimmed)) : shorten(trimmed), type: null, param: null };
}

/** Also used for the `data: {"error": ...}` event inside a 200 stream. */
export function messageFromErrorObject(value: unknown): { serverMessage: string | null; type: string | null; param: string | null } | null {
  const record = asRecord(value);
  if (!record) return null;
  const nested = record.error;
  if (typeof nested === 'string') return { serverMessage: nested, type: null, param: null };
  const inner = asRecord(nested) ?? (record.object === 'error' ? record : null);
  if (inner) return { serverMessage: stringOrJson(inner.message), type: asString(inner.type), param: asString(inner.param) };
  if ('detail' in record) return { serverMessage: stringOrJson(record.detail), type: null, param: null };
  if (typeof record.message === 'string') return { serverMessage: record.message, type: asString(record.type), param: null };
  return null;
}

function messageFromJson(text: string): { serverMessage: string | null; type: string | null; param: string | null } | null {
  if (!text.startsWith('{')) return null;
  try {
    return messageFromErrorObject(JSON.parse(text));
  } catch {
    return null;
  }
}

function looksLikeHtml(text: string): boolean {
  return /^<(!doctype|html|head|body)\b/i.test(text);
}

function htmlText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  const text = title ?? heading ?? html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return decodeEntities(text.replace(/<[^>]+>/g, ' '));
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#\d+|[a-z]+);/gi, (whole, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (named[name.toLowerCase()] ?? whole),
  );
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

function stringOrJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
