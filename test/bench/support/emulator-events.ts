import { readFileSync } from 'node:fs';

export interface EmulatorEvent {
  event: string;
  t_ns: string;
  pid: number;
  [field: string]: unknown;
}

/** Reads the emulator's VLLM_EMU_EVENTS_FILE (JSON lines, CLOCK_MONOTONIC nanoseconds). */
export function readEvents(path: string): EmulatorEvent[] {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as EmulatorEvent);
  } catch {
    return [];
  }
}

export function lastEventNs(path: string, event: string): bigint {
  const found = readEvents(path).filter((e) => e.event === event).at(-1);
  if (!found) throw new Error(`no ${event} event in ${path}`);
  return BigInt(found.t_ns);
}
