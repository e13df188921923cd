// Drawing from a uniform source (random/seeded-uniform.ts for a run's plan): a whole number below n, and a
// Fisher–Yates shuffle.

/** An integer in [0, n) (n ≥ 1) from a uniform source in [0, 1). */
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
