// The services' one seeded source of uniform doubles: the bootstrap (the same session and seed always give the
// same intervals) and a prompt set run's plan (the seed recorded with the run gives its order and repeats). xoshiro128** (Blackman & Vigna 2018): 32-bit arithmetic only, which JavaScript does exactly with
// Math.imul and >>>; its 128-bit state is filled from the seed by splitmix32, so nearby seeds do not give nearby
// streams. Each double takes 52 bits (two outputs), as the binomial sampler's inversion needs more than 32.

/** Uniform doubles strictly inside (0, 1): log(u) and 1/u are always finite. */
export type Uniform = () => number;

function splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** A uniform stream from any finite number (its integer part, all 53 bits of it, picks the stream). */
export function seededUniform(seed: number): Uniform {
  const whole = Math.trunc(Number.isFinite(seed) ? seed : 0);
  const low = whole >>> 0;
  const high = Math.floor(whole / 4294967296) >>> 0;
  const fill = splitmix32(low ^ Math.imul(high, 0x85ebca6b));
  const s = new Uint32Array([fill(), fill(), fill(), fill()]);
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1; // the one state xoshiro never leaves
  const next = (): number => {
    const s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = rotl(n3, 11);
    return result;
  };
  // 26 + 26 bits, then half a step (exact below 2^52): never exactly 0 or 1.
  return () => ((next() >>> 6) * 67108864 + (next() >>> 6) + 0.5) / 4503599627370496;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
