// The headless host's WebSocket messages: the same contract as Electron IPC, framed as JSON.
import type { EventChannel } from './channels';
import type { Reply } from './errors';

export interface WsRequest {
  kind: 'request';
  id: number;
  channel: string;
  payload: unknown;
}

export type WsServerMessage =
  | { kind: 'reply'; id: number; reply: Reply<unknown> }
  | { kind: 'event'; event: EventChannel; payload: unknown };

export const WS_PATH = '/ws';

export function parseWsRequest(text: string): WsRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  if (message.kind !== 'request' || typeof message.channel !== 'string') return null;
  if (typeof message.id !== 'number' || !Number.isSafeInteger(message.id)) return null;
  return { kind: 'request', id: message.id, channel: message.channel, payload: message.payload };
}
