// The statistics' fixed vocabularies, without zod, so the renderer can import them (stats.ts re-exports them).

/** At most this many of a distribution's values beyond its whiskers are kept (the most extreme first). */
export const MAX_OUTLIERS = 50;

export type LatencyMetric = 'ttftMs' | 'decodeTokensPerS' | 'e2eMs';
export const LATENCY_METRICS: readonly LatencyMetric[] = ['ttftMs', 'decodeTokensPerS', 'e2eMs'];
