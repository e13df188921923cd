// Network bytes -> SSE `data` payloads, each tagged with the arrival time of the chunk that completed it.
// Decoding is streaming (a UTF-8 character split across two reads survives); framing is eventsource-parser's
// (CR, LF and CRLF line ends, comments, multi-line `data:` fields, events split anywhere across reads):
// splitting reads on "\n" by hand corrupts exactly those cases.
import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface SseData {
  data: string;
  /** When the network chunk that completed this event arrived (monotonic ns). */
  arrivalNs: bigint;
  /** True for a last event the connection closed before terminating with a blank line. */
  unterminated: boolean;
}

/** Far above any real chunk; a server streaming endlessly without a blank line is not an event stream. */
const MAX_BUFFERED_CHARS = 16 * 1024 * 1024;

export class SseReader {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  private lastArrivalNs = 0n;
  private flushing = false;
  private overflowed = false;

  constructor(private readonly onData: (event: SseData) => void) {
    this.parser = createParser({
      maxBufferSize: MAX_BUFFERED_CHARS,
      onEvent: (event) => this.onData({ data: event.data, arrivalNs: this.lastArrivalNs, unterminated: this.flushing }),
      onError: (error) => {
        // Unknown fields and bad `retry:` values are ignored, as the SSE spec says; only overflow is fatal.
        if (error.type === 'max-buffer-size-exceeded') this.overflowed = true;
      },
    });
  }

  /** True once the stream buffered more than MAX_BUFFERED_CHARS without completing an event. */
  get overflow(): boolean {
    return this.overflowed;
  }

  push(bytes: Uint8Array, arrivalNs: bigint): void {
    if (this.overflowed) return;
    this.lastArrivalNs = arrivalNs;
    this.parser.feed(this.decoder.decode(bytes, { stream: true }));
  }

  /** The connection ended: flush a partial character and dispatch a last event that lacked its blank line. */
  end(): void {
    if (this.overflowed) return;
    this.flushing = true;
    this.parser.feed(`${this.decoder.decode()}\n\n`);
  }
}
