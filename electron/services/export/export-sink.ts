// Where an export's text goes: any Writable (a file, an HTTP response, a test's collector), written with
// backpressure so a 100k-row export never piles up in memory when the reader is slower than the writer.
import type { Writable } from 'node:stream';

export class ExportSink {
  bytes = 0;
  /** Data rows written (CSV rows, battles, JSONL records): for the summary and the CLI's message. */
  rows = 0;
  /** The drain of a full buffer, waited for before the next chunk (rejected: the stream failed or closed). */
  private draining: Promise<void> | null = null;

  constructor(private readonly stream: Writable) {}

  /**
   * Writes one chunk, after the previous one drained if it filled the stream's buffer. So the caller builds its
   * next chunk while this one is being written, and the buffer never holds more than one chunk beyond its room.
   */
  async write(text: string): Promise<void> {
    if (text.length === 0) return;
    if (this.draining !== null) {
      const draining = this.draining;
      this.draining = null;
      await draining;
    }
    if (this.stream.destroyed) throw closedError(this.stream);
    const chunk = Buffer.from(text, 'utf8');
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) {
      this.draining = drained(this.stream);
      // Seen by the next write; after the last one the stream's owner learns of a failure from the stream itself.
      this.draining.catch(() => undefined);
    }
  }
}

/** Waits for 'drain'; a stream that errors or closes first (a download cancelled) rejects instead of hanging. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(closedError(stream));
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

function closedError(stream: Writable): Error {
  return stream.errored ?? new Error('The export was cut short: the file or download it was writing to was closed.');
}
