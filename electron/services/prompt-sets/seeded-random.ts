// A small seeded PRNG, so that a run's order and hidden repeats follow from the seed recorded with the run:
// mulberry32 (Tommy Ettinger's 32-bit generator; one 32-bit state, period 2^32, fine for shuffling a few
// thousand prompts, not for cryptography). The same seed gives the same sequence on every platform, since it
// uses only 32-bit integer arithmetic (Math.imul and unsigned shifts).

/** A function returning floats in [0, 1), from `seed` (any number; taken as an unsigned 32-bit integer). */
export function mulberry32(seed: number): () => number {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n) (n ≥ 1) from a float source such as mulberry32. */
export function randomBelow(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/** Fisher–Yates in place: every order equally likely for a uniform source. Returns the array. */
export function shuffleInPlace<T>(array: T[], random: () => number): T[] {
  for (let i = array.length - 1; i > 0; i -= 1) {
    const j = randomBelow(random, i + 1);
    [array[i], array[j]] = [array[j]!, array[i]!];
  }
  return array;
}
