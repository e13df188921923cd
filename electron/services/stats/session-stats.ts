// A session's statistics (issue 10), for Stats, the report and the stats export: the facts from its index, then
// the pure computation. Kept per index until the session changes (any new line does), so a page that asks again
// after every `sessions.changed` costs nothing when nothing changed.
import type { SessionStats } from '../../shared/stats';
import type { SessionIndex } from '../sessions/session-index';
import { statsInputOf } from './session-facts';
import { computeSessionStats } from './session-statistics';

const computed = new WeakMap<SessionIndex, { lines: number; name: string; stats: SessionStats }>();

export function statsOfSession(session: { readonly index: SessionIndex }): SessionStats {
  const { index } = session;
  const lines = index.lineRanges().offsets.length;
  const cached = computed.get(index);
  if (cached && cached.lines === lines && cached.name === index.name) return cached.stats;
  const stats = computeSessionStats(statsInputOf(index));
  computed.set(index, { lines, name: index.name, stats });
  return stats;
}
