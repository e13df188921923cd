import type { WebSocket } from 'ws';
import { EVENT_CHANNELS } from '../shared/channels';
import type { EventChannel } from '../shared/channels';
import { parseWsClientMessage, type WsServerMessage } from '../shared/ws-protocol';
import type { AppServices } from '../services/app-services';

/** Carries the contract over one authenticated WebSocket: requests through the dispatcher, the events it listens to pushed. */
export function bridgeSocket(socket: WebSocket, services: Pick<AppServices, 'dispatch' | 'bus'>): void {
  const send = (message: WsServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  let listening = new Set<EventChannel>();
  const unsubscribers = EVENT_CHANNELS.map((event) => services.bus.on(event, (payload) => listening.has(event) && send({ kind: 'event', event, payload })));
  socket.on('close', () => unsubscribers.forEach((off) => off()));
  socket.on('message', (data, isBinary) => {
    const request = isBinary ? null : parseWsClientMessage(data.toString());
    if (!request) {
      // Not our protocol: there is no id to answer, so say why and hang up.
      socket.close(1008, 'expected {"kind":"request","id":<int>,"channel":...,"payload":...} or {"kind":"subscribe","events":[...]}');
      return;
    }
    if (request.kind === 'subscribe') {
      listening = new Set(request.events);
      return;
    }
    void services.dispatch(request.channel, request.payload).then((reply) => send({ kind: 'reply', id: request.id, reply }));
  });
}
