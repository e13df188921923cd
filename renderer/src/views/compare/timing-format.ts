// Numbers of the timings line, formatted for reading at a glance.

/** 312 -> "312 ms", 5213 -> "5.21 s", 42100 -> "42.1 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Per-token gaps are small: one decimal below 10 ms. */
export function formatGapMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function formatRate(tokensPerS: number): string {
  return `${tokensPerS >= 100 ? Math.round(tokensPerS) : tokensPerS.toFixed(1)} tok/s`;
}

export function formatTokens(count: number): string {
  return `${groupThousands(count)} ${count === 1 ? 'token' : 'tokens'}`;
}

/**
 * 131072 -> "131,072". By hand rather than toLocaleString: the first Intl call of a page loads ICU data, a
 * 40 ms stall that landed in the first frame of a stream.
 */
export function groupThousands(n: number): string {
  const [whole, fraction] = String(n).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** 75 -> "1:15": elapsed time while waiting. */
export function formatSeconds(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
