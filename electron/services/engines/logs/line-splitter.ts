import { StringDecoder } from 'node:string_decoder';

// Turns the byte chunks of one output stream into lines. A chunk may end in the middle of a UTF-8 character or
// between the `\r` and `\n` of a CRLF; both are held until the next chunk. tqdm redraws its bar by writing
// `\r` + the new bar, so a `\r`-terminated segment is reported as transient: the UI shows the latest one in a
// single slot instead of appending a hundred copies of a progress bar.

export interface LineMeta {
  /** The segment ended with a lone `\r`: the next segment replaces it on a terminal. */
  transient: boolean;
  /** The line was longer than the limit: its head was kept and the rest dropped. */
  truncated: boolean;
}

export type LineHandler = (text: string, meta: LineMeta) => void;

export interface LineSplitterOptions {
  /** Longest line kept, in UTF-16 code units (64 KiB by default). */
  maxLineLength?: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/** Appended to a cut line so the cut is visible wherever the text goes. */
export const TRUNCATION_MARK = ' [… line cut: too long]';

const LF = 10;
const CR = 13;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineLength: number;
  private pending = '';
  /** The previous chunk ended with `\r`: whether it is a CRLF or a lone CR depends on the next character. */
  private pendingCR = false;
  /** The current line was already emitted cut; drop its remainder until the line ends. */
  private cut = false;

  constructor(
    private readonly onLine: LineHandler,
    options: LineSplitterOptions = {},
  ) {
    this.maxLineLength = Math.max(1, options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
  }

  push(chunk: Buffer | string): void {
    this.consume(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** End of stream: decode what is left and emit the last partial line. */
  flush(): void {
    this.consume(this.decoder.end());
    if (this.pendingCR) {
      // The last thing the stream showed stays on screen: keep it as a real line.
      this.pendingCR = false;
      this.endLine(false);
    } else if (this.pending !== '') {
      this.endLine(false);
    }
    this.cut = false;
  }

  private consume(text: string): void {
    if (text === '') return;
    let start = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (text.startsWith('\n')) {
        this.endLine(false);
        start = 1;
      } else {
        this.endLine(true);
      }
    }
    for (let at = start; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code !== LF && code !== CR) continue;
      this.append(text.slice(start, at));
      if (code === LF) {
        this.endLine(false);
      } else if (at + 1 === text.length) {
        this.pendingCR = true;
        return;
      } else if (text.charCodeAt(at + 1) === LF) {
        this.endLine(false);
        at++;
      } else {
        this.endLine(true);
      }
      start = at + 1;
    }
    this.append(text.slice(start));
  }

  private append(segment: string): void {
    if (this.cut || segment === '') return;
    const room = this.maxLineLength - this.pending.length;
    if (segment.length <= room) {
      this.pending += segment;
      return;
    }
    // Emit the head now so memory stays bounded however long the line runs; never split a surrogate pair.
    let head = this.pending + segment.slice(0, room);
    if (isHighSurrogate(head.charCodeAt(head.length - 1))) head = head.slice(0, -1);
    this.onLine(head + TRUNCATION_MARK, { transient: false, truncated: true });
    this.pending = '';
    this.cut = true;
  }

  private endLine(transient: boolean): void {
    const text = this.pending;
    this.pending = '';
    if (this.cut) {
      this.cut = false;
      return;
    }
    // tqdm starts every redraw with `\r`, which leaves an empty segment before the first bar.
    if (transient && text === '') return;
    this.onLine(text, { transient, truncated: false });
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
