import WebSocket from 'ws';
import { EVENT_CHANNELS } from '../../electron/shared/channels';
import type { WsServerMessage } from '../../electron/shared/ws-protocol';
import type { Reply } from '../../electron/shared/errors';

/** A non-browser client of the headless host's contract (token in the query, Origin = the host's own). */
export class HostClient {
  private nextId = 1;
  private readonly waiters = new Map<number, (reply: Reply<unknown>) => void>();
  readonly events: { event: string; payload: unknown }[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as WsServerMessage;
      if (message.kind === 'reply') this.waiters.get(message.id)?.(message.reply);
      else this.events.push({ event: message.event, payload: message.payload });
    });
  }

  static async connect(url: string): Promise<HostClient> {
    const { origin, searchParams } = new URL(url);
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=${searchParams.get('token')}`, { origin });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    // A test client hears every event (a page hears only those it listens to).
    socket.send(JSON.stringify({ kind: 'subscribe', events: EVENT_CHANNELS }));
    return new HostClient(socket);
  }

  /** Sends a request; resolves with the value, throws with the error message of a failed reply. */
  async call<T>(channel: string, payload: unknown = {}): Promise<T> {
    const reply = await this.request(channel, payload);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`);
    return reply.value as T;
  }

  /** Sends a request, any channel and payload at all; resolves with the reply exactly as the host sent it. */
  async request(channel: string, payload: unknown): Promise<Reply<unknown>> {
    const id = this.nextId++;
    const reply = await new Promise<Reply<unknown>>((resolve) => {
      this.waiters.set(id, resolve);
      this.socket.send(JSON.stringify({ kind: 'request', id, channel, payload }));
    });
    this.waiters.delete(id);
    return reply;
  }

  /** Resolves when an event matching `predicate` has arrived (already or later). */
  async waitForEvent(predicate: (event: string, payload: unknown) => boolean, timeoutMs = 20_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => predicate(e.event, e.payload));
      if (found) return found.payload;
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}
