import { mapChannels } from '../../../electron/shared/channel-map';
import type { EventChannel } from '../../../electron/shared/channels';
import type { PairwiseApi } from '../../../electron/shared/contract';
import { ApiError } from '../../../electron/shared/errors';
import { EventInterest } from '../../../electron/shared/event-interest';
import { WS_PATH, type WsRequest, type WsServerMessage, type WsSubscribe } from '../../../electron/shared/ws-protocol';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsClient extends PairwiseApi {
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/**
 * A callback kept with its value's type erased. The host sends what the contract promises (its replies come
 * from the same dispatcher as Electron main's, its events from the same bus), but TypeScript cannot follow a
 * reply back to its request through an id, nor an event to its listeners through a Map; so the two are kept
 * here as taking `unknown`, and nothing re-checks what arrives (the preload does not re-check IPC either).
 * Written as a method's type because method parameters are compared both ways, which is what lets a callback
 * typed for one channel or event be stored as one. What this client exposes stays typed per channel.
 */
type ErasedCallback = { call(value: unknown): void }['call'];

/**
 * The api client in a browser talking to the headless host. The token travels in the HttpOnly cookie the
 * host set when the page was opened, so this code never sees it. Requests made before the socket opens wait.
 */
export function createWsClient(location: { host: string }): WsClient {
  const socket = new WebSocket(`ws://${location.host}${WS_PATH}`);
  const pending = new Map<number, { resolve: ErasedCallback; reject: (error: ApiError) => void }>();
  const eventListeners = new Map<EventChannel, Set<ErasedCallback>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  const opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));

  const setState = (next: ConnectionState) => {
    state = next;
    connectionListeners.forEach((listener) => listener(next));
  };
  const interest = new EventInterest();
  /** Tells the host which events to push: those with a listener here (sent again whenever that set changes). */
  const subscribe = () => {
    if (socket.readyState !== WebSocket.OPEN) return;
    const message: WsSubscribe = { kind: 'subscribe', events: interest.events() };
    socket.send(JSON.stringify(message));
  };
  socket.addEventListener('open', () => {
    subscribe(); // before any request: the socket keeps the order
    setState('open');
  });
  socket.addEventListener('close', () => {
    setState('closed');
    const lost = new ApiError({ code: 'internal', message: 'The connection to Pairwise was lost. Start it again and open the new address it prints.' });
    pending.forEach(({ reject }) => reject(lost));
    pending.clear();
  });
  socket.addEventListener('message', (event) => {
    const message: WsServerMessage = JSON.parse(String(event.data));
    if (message.kind === 'reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return;
      if (message.reply.ok) waiter.resolve(message.reply.value);
      else waiter.reject(new ApiError(message.reply.error));
    } else {
      eventListeners.get(message.event)?.forEach((listener) => listener(message.payload));
    }
  });

  return {
    ...mapChannels<'client'>((channel) => async (payload) => {
      if (state === 'connecting') await opened;
      if (state === 'closed') throw new ApiError({ code: 'internal', message: 'Not connected to Pairwise. Start it again and open the new address it prints.' });
      const id = nextId++;
      const request: WsRequest = { kind: 'request', id, channel, payload };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify(request));
      });
    }),
    on: (event, listener) => {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      set.add(listener);
      if (interest.add(event)) subscribe();
      return () => {
        if (set.delete(listener) && interest.remove(event)) subscribe();
      };
    },
    onConnection: (listener) => {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
