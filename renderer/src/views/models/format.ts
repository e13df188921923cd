// Small formatters shared by the Models view's panels.

/** 75 -> "1:15", 3725 -> "1:02:05": a clock-like elapsed time. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A duration in words for facts ("took 14.2 s", "took 3 min 5 s"). */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

export function formatMiB(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`;
}

export function formatBytes(bytes: number): string {
  return formatMiB(bytes / 1024 / 1024);
}

export function formatClock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString();
}

export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString();
}

/** Thousands separated, so 131072 reads as 131,072 tokens. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatUtilization(u: number): string {
  return u.toFixed(2).replace(/0$/, '');
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
