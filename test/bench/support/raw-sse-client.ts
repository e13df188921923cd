// The reference the app's TTFT is measured against: the least a client can do. `net.connect`, a hand-written
// HTTP/1.1 POST, and process.hrtime.bigint() the moment a socket read arrives; the read that completes the
// first SSE event with non-empty `choices` gives the first-token time. Only what the emulator sends is
// handled (LF-framed events, chunked transfer encoding); it is a yardstick, not a client.
import net from 'node:net';

export interface RawSseRequest {
  /** Resolves once the socket is connected; nothing is written before start(). */
  connected: Promise<void>;
  start(): Promise<RawSseTiming>;
}

export interface RawSseTiming {
  /** Just before the request bytes were written. */
  startNs: bigint;
  /** Arrival of the read that completed the first event with non-empty choices; null if none came. */
  firstChoicesNs: bigint | null;
}

export function prepareRawSseRequest(options: { host: string; port: number; path: string; body: string }): RawSseRequest {
  const socket = net.connect({ host: options.host, port: options.port, noDelay: true });
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const payload = Buffer.from(options.body, 'utf8');
  const head = `POST ${options.path} HTTP/1.1\r\nHost: ${options.host}:${options.port}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`;
  const request = Buffer.concat([Buffer.from(head, 'latin1'), payload]);
  return {
    connected,
    start: () =>
      new Promise<RawSseTiming>((resolve, reject) => {
        const reader = new FirstChoicesReader();
        let startNs = 0n;
        const finish = (firstChoicesNs: bigint | null) => {
          socket.destroy();
          resolve({ startNs, firstChoicesNs });
        };
        socket.on('data', (bytes: Buffer) => {
          const arrivalNs = process.hrtime.bigint();
          if (reader.push(bytes)) finish(arrivalNs);
        });
        socket.once('close', () => finish(null));
        socket.once('error', reject);
        startNs = process.hrtime.bigint();
        socket.write(request);
      }),
  };
}

/** Response bytes in; true once the first SSE event with non-empty choices is complete. */
class FirstChoicesReader {
  private raw = Buffer.alloc(0);
  private headersDone = false;
  private chunkRemaining = -1; // -1: expecting a chunk-size line
  private readonly decoder = new TextDecoder();
  private text = '';

  push(bytes: Buffer): boolean {
    this.raw = Buffer.concat([this.raw, bytes]);
    if (!this.headersDone) {
      const end = this.raw.indexOf('\r\n\r\n');
      if (end < 0) return false;
      this.headersDone = true;
      this.raw = this.raw.subarray(end + 4);
    }
    this.dechunk();
    return this.hasFirstChoicesEvent();
  }

  private dechunk(): void {
    for (;;) {
      if (this.chunkRemaining < 0) {
        const lineEnd = this.raw.indexOf('\r\n');
        if (lineEnd < 0) return;
        this.chunkRemaining = parseInt(this.raw.subarray(0, lineEnd).toString('latin1'), 16);
        this.raw = this.raw.subarray(lineEnd + 2);
        if (this.chunkRemaining === 0) return;
      }
      if (this.raw.length < this.chunkRemaining + 2) {
        const take = Math.min(this.raw.length, this.chunkRemaining);
        this.text += this.decoder.decode(this.raw.subarray(0, take), { stream: true });
        this.raw = this.raw.subarray(take);
        this.chunkRemaining -= take;
        return;
      }
      this.text += this.decoder.decode(this.raw.subarray(0, this.chunkRemaining), { stream: true });
      this.raw = this.raw.subarray(this.chunkRemaining + 2); // the chunk's trailing CRLF
      this.chunkRemaining = -1;
    }
  }

  private hasFirstChoicesEvent(): boolean {
    const events = this.text.split('\n\n');
    events.pop(); // the unfinished tail
    return events.some((event) => {
      const data = event.replace(/^data: ?/, '');
      if (data === '[DONE]') return false;
      const choices = (JSON.parse(data) as { choices?: unknown[] }).choices;
      return Array.isArray(choices) && choices.length > 0;
    });
  }
}
