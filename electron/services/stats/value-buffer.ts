// A growable list of doubles: latencies arrive one fact at a time, tens of thousands per model. A typed buffer
// that doubles as it fills is what the selection works on in place (no conversion from a JS array), and the
// session's scope is its categories' buffers copied end to end with set().

export class ValueBuffer {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Float64Array(capacity);
  }

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }

  /** The values so far (a view: valid until the next push). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  /** One buffer holding every value of the given ones, in order. */
  static concat(buffers: readonly ValueBuffer[]): ValueBuffer {
    const total = buffers.reduce((sum, b) => sum + b.length, 0);
    const out = new ValueBuffer(Math.max(16, total));
    for (const b of buffers) {
      out.data.set(b.values(), out.length);
      out.length += b.length;
    }
    return out;
  }
}
