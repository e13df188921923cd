// One HTTP POST whose timing is taken at the socket, by hand, around node:http.
//
// Why not fetch() and a ready-made SSE client: fetch connects and writes in one step, so the comparison could
// not connect both sides first and then start both in the same tick, and its body arrives through a web
// stream, several promise hops after the bytes hit the socket. Here the socket is connected before anything
// is written, the start is stamped just before the body is written (vLLM's `st`, taken just before its
// POST), and every network chunk is stamped with the monotonic clock by a listener placed in front of the
// HTTP parser, before it is de-chunked, decoded or parsed. Framing stays eventsource-parser's job.
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { InferenceFailure } from './error-messages';

export interface ExchangeHandlers {
  onResponse(response: { status: number; contentType: string | null }): void;
  onBody(bytes: Buffer, arrivalNs: bigint): void;
  /** The response ended; `complete` is false when the connection closed before its end. */
  onEnd(complete: boolean): void;
  onFailure(failure: InferenceFailure): void;
}

export interface ExchangeOptions {
  url: URL;
  /** Raw [name, value, ...] pairs, Host included. */
  headers: string[];
  clock: () => bigint;
  idleTimeoutMs: number;
  connectTimeoutMs?: number;
  /** Default: a fresh connection per request (no keep-alive socket the server may be closing right now). */
  agent?: http.Agent;
  handlers: ExchangeHandlers;
}

export class TimedExchange {
  /** Resolves when the socket is connected and nothing is written yet, or when connecting failed. */
  readonly connected: Promise<void>;
  firstByteNs: bigint | null = null;
  private markConnected: () => void = () => {};
  private isConnected = false;
  private answered = false;
  private responseComplete = false;
  private finished = false;
  private sent = false;
  private lastArrivalNs: bigint | null = null;
  private socket: Socket | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private connectTimer: NodeJS.Timeout | null = null;
  private readonly request: ClientRequest;

  constructor(private readonly options: ExchangeOptions) {
    this.connected = new Promise((resolve) => (this.markConnected = resolve));
    const transport = options.url.protocol === 'https:' ? https : http;
    this.request = transport.request(options.url, { method: 'POST', headers: options.headers, agent: options.agent ?? false });
    this.request.on('socket', (socket) => this.onSocket(socket));
    this.request.on('response', (response) => this.onResponse(response));
    this.request.on('error', (error) => this.onRequestError(error));
    if (options.connectTimeoutMs !== undefined) {
      const afterMs = options.connectTimeoutMs;
      this.connectTimer = setTimeout(() => this.fail({ kind: 'connect-timeout', afterMs }), afterMs);
    }
  }

  /** Writes the request; returns the start stamp, taken just before the body is written. */
  send(body: Buffer): bigint {
    this.sent = true;
    const startNs = this.options.clock();
    this.request.end(body);
    this.armIdleTimer();
    return startNs;
  }

  /** Stops everything now; no handler is called afterwards. */
  abort(): void {
    this.close(true);
  }

  /**
   * The caller has what it needs (`[DONE]`): no more handlers or timers. The response's last bytes (the
   * chunked terminator) usually sit in the same read, so the connection is dropped only if it has not
   * completed by the next turn of the loop (a complete one goes back to a keep-alive agent intact).
   */
  release(): void {
    if (this.finished) return;
    this.close(false);
    setImmediate(() => {
      if (!this.responseComplete) this.request.destroy();
    });
  }

  private onSocket(socket: Socket): void {
    this.socket = socket;
    // In front of node:http's own 'data' listener, so the stamp precedes the HTTP parser and everything after it.
    socket.prependListener('data', this.stampArrival);
    // A TLS socket is ready only after its handshake, which may still run after the TCP connect.
    const tls = 'encrypted' in socket;
    if (this.request.reusedSocket || (!tls && !socket.connecting)) return this.onConnected();
    socket.once(tls ? 'secureConnect' : 'connect', () => this.onConnected());
  }

  private onConnected(): void {
    this.isConnected = true;
    this.clearConnectTimer();
    this.markConnected();
  }

  private readonly stampArrival = (): void => {
    if (!this.sent || this.finished) return;
    this.lastArrivalNs = this.options.clock();
    this.firstByteNs ??= this.lastArrivalNs;
    this.armIdleTimer();
  };

  private onResponse(response: IncomingMessage): void {
    this.answered = true;
    const contentType = response.headers['content-type'] ?? null;
    this.options.handlers.onResponse({ status: response.statusCode ?? 0, contentType });
    response.on('data', (bytes: Buffer) => {
      // Same tick as the socket read (or the microtask right after it), so the socket's stamp is this chunk's.
      if (!this.finished) this.options.handlers.onBody(bytes, this.lastArrivalNs ?? this.options.clock());
    });
    response.on('end', () => {
      this.responseComplete = true;
      this.end(true);
    });
    response.on('close', () => this.end(response.complete));
    response.on('error', () => this.end(false));
  }

  private onRequestError(error: NodeJS.ErrnoException): void {
    if (!this.isConnected) return this.fail({ kind: 'connect-failed', code: error.code ?? null, detail: error.message });
    this.fail({ kind: 'connection-lost', answered: this.answered });
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const afterMs = this.options.idleTimeoutMs;
    this.idleTimer = setTimeout(() => this.fail({ kind: 'idle-timeout', afterMs, answered: this.answered }), afterMs);
  }

  private end(complete: boolean): void {
    if (this.finished) return;
    this.close(!complete);
    this.options.handlers.onEnd(complete);
  }

  private fail(failure: InferenceFailure): void {
    if (this.finished) return;
    this.close(true);
    this.options.handlers.onFailure(failure);
  }

  private close(destroy: boolean): void {
    if (this.finished) return;
    this.finished = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.clearConnectTimer();
    this.socket?.removeListener('data', this.stampArrival);
    if (destroy) this.request.destroy();
    this.markConnected(); // nobody waits forever on a connection that will not come
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }
}
