// What a session offers the exporters and the statistics, from plain records in memory (session-builders.ts makes
// the records): the comparisons with their effective votes, worked out independently, and an export source.
import type { ServerFacts, SessionRecord, VoteRecord } from '../../electron/shared/sessions';
import type { ExportSource } from '../../electron/services/export/export-source';
import type { RatedComparison } from '../../electron/services/sessions/session-types';
import { SessionIndex } from '../../electron/services/sessions/session-index';

/**
 * The comparisons with their effective votes, worked out here on its own (a test oracle, not the store's code):
 * a comparison's vote is its last vote not undone, with later edits of that vote's comment and category applied.
 */
export function ratedFrom(records: readonly SessionRecord[]): RatedComparison[] {
  const undone = new Set(records.flatMap((r) => (r.type === 'undo' ? [r.voteId] : [])));
  const votes = new Map<string, VoteRecord>();
  const byId = new Map<string, VoteRecord>();
  const servers = new Map<string, ServerFacts>();
  for (const record of records) {
    if (record.type === 'server') servers.set(record.id, record.facts);
    if (record.type === 'vote' && !undone.has(record.id)) {
      const copy = { ...record };
      votes.set(record.comparisonId, copy);
      byId.set(record.id, copy);
    }
    if (record.type === 'edit') {
      const vote = byId.get(record.voteId);
      if (vote && record.comment !== undefined) vote.comment = record.comment;
      if (vote && record.category !== undefined) vote.category = record.category;
    }
  }
  return records.flatMap((r) =>
    r.type === 'comparison' ? [{ comparison: r, vote: votes.get(r.id) ?? null, servers: { left: servers.get(r.servers.left) ?? null, right: servers.get(r.servers.right) ?? null } }] : [],
  );
}

async function* streamOf<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

/** An export source over records in memory: what an open session streams from its file. */
export function exportSourceOf(records: readonly SessionRecord[]): ExportSource {
  const header = records[0];
  if (header?.type !== 'session') throw new Error('the first record must be the session header');
  let name = header.name;
  let settings = header.settings;
  for (const r of records) {
    if (r.type === 'renamed') name = r.name;
    if (r.type === 'settings') settings = r.settings;
  }
  const index = new SessionIndex(header, { offset: 0, byteLength: 0 });
  records.slice(1).forEach((record, k) => index.add(record, { offset: k + 1, byteLength: 1 }));
  return { id: header.id, header, name, settings, index, records: () => streamOf(records), rated: () => streamOf(ratedFrom(records)) };
}
