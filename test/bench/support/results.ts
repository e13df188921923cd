import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Hands a benchmark's figures to test/bench/run.mjs (which merges every file into the --json output). */
export function recordResults(name: string, figures: Record<string, number>): void {
  const folder = process.env.PAIRWISE_BENCH_OUT;
  console.log(`[bench] ${name}: ${JSON.stringify(figures)}`);
  if (folder) writeFileSync(join(folder, `${name}.json`), JSON.stringify(figures));
}

/** Monotonic nanoseconds, the clock the emulator's events file uses (CLOCK_MONOTONIC on Linux). */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function msBetween(fromNs: bigint, toNs: bigint): number {
  return Number(toNs - fromNs) / 1e6;
}
