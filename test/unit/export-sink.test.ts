import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExportSink } from '../../electron/services/export/export-sink';

/** A Writable whose writes finish only when the test says so. */
function heldStream(highWaterMark: number) {
  const pending: (() => void)[] = [];
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      pending.push(() => done());
    },
  });
  return { stream, chunks, release: () => pending.splice(0).forEach((done) => done()) };
}

describe('ExportSink', () => {
  it('returns once a chunk is handed over, and writes the next only after a full buffer drained', async () => {
    const { stream, chunks, release } = heldStream(4);
    const sink = new ExportSink(stream);
    await sink.write('first chunk'); // fills the buffer: returns, the caller may build its next chunk meanwhile
    expect(chunks).toEqual(['first chunk']);
    let second = false;
    const writing = sink.write('second').then(() => (second = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    expect(stream.writableLength).toBe('first chunk'.length);
    release();
    await writing;
    expect(chunks).toEqual(['first chunk', 'second']);
    expect(sink.bytes).toBe('first chunk'.length + 'second'.length);
  });

  it('rejects the next write when the stream fails while draining, and never leaves the failure unhandled', async () => {
    const { stream } = heldStream(4);
    const sink = new ExportSink(stream);
    await sink.write('a full buffer');
    stream.destroy(new Error('disk gone'));
    await expect(sink.write('more')).rejects.toThrow('disk gone');
  });

  it('rejects a write to a stream closed before it', async () => {
    const { stream } = heldStream(1024);
    const sink = new ExportSink(stream);
    stream.destroy();
    await expect(sink.write('x')).rejects.toThrow(/cut short/);
  });

  it('counts bytes as UTF-8', async () => {
    const { stream } = heldStream(1024);
    const sink = new ExportSink(stream);
    await sink.write('日本🙂');
    expect(sink.bytes).toBe(Buffer.byteLength('日本🙂'));
  });
});
