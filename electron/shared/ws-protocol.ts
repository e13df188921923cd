// The headless host's WebSocket messages: the same contract as Electron IPC, framed as JSON.
import { isEventChannel, type EventChannel } from './channels';
import type { Reply } from './errors';

export interface WsRequest {
  kind: 'request';
  id: number;
  channel: string;
  payload: unknown;
}

/**
 * The events a page listens to, all of them each time the set changes: the host pushes only those. A page that
 * shows a blind turn does not listen to the Models view's events (log lines and statuses name profiles), so none
 * reach it.
 */
export interface WsSubscribe {
  kind: 'subscribe';
  events: EventChannel[];
}

export type WsClientMessage = WsRequest | WsSubscribe;

export type WsServerMessage =
  | { kind: 'reply'; id: number; reply: Reply<unknown> }
  | { kind: 'event'; event: EventChannel; payload: unknown };

export const WS_PATH = '/ws';

export function parseWsClientMessage(text: string): WsClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  if (message.kind === 'subscribe') {
    const events = message.events;
    if (!Array.isArray(events) || !events.every(isEventChannel)) return null;
    return { kind: 'subscribe', events };
  }
  if (message.kind !== 'request' || typeof message.channel !== 'string') return null;
  if (typeof message.id !== 'number' || !Number.isSafeInteger(message.id)) return null;
  return { kind: 'request', id: message.id, channel: message.channel, payload: message.payload };
}
