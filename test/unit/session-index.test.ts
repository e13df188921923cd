import { describe, expect, it } from 'vitest';
import type { ComparisonRecord, HistoryQuery, SessionHeaderRecord, SessionRecord, VoteRecord } from '../../electron/shared/sessions';
import { historyPage } from '../../electron/services/sessions/session-history';
import { SessionIndex } from '../../electron/services/sessions/session-index';
import { seededRandom } from '../support/seeded-random';
import { buildComparison, buildEdit, buildHeader, buildSessionRecords, buildUndo, buildVote, ratedFrom, studySettings } from '../support/session-builders';

const line = { offset: 0, byteLength: 1 };

function indexOf(records: readonly SessionRecord[]): SessionIndex {
  const index = new SessionIndex(records[0] as SessionHeaderRecord, line);
  records.slice(1).forEach((record, i) => index.add(record, { offset: i + 1, byteLength: 1 }));
  return index;
}

const query = (q: Partial<HistoryQuery> = {}): HistoryQuery => ({ sessionId: 'x', offset: 0, limit: 100, ...q });

describe('the session index', () => {
  const random = seededRandom(5);
  const header = buildHeader(random, { settings: { blind: true } });
  const servers = { 0: 's0', 1: 's1' };
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute)).toISOString();
  const compare = (minute: number, extra: Partial<Parameters<typeof buildComparison>[1]> = {}): ComparisonRecord =>
    buildComparison(random, { at: at(minute), servers, settings: header.settings, ...extra });

  it('folds votes: the last vote not undone counts, an undo brings the earlier one back, edits change comment and category', () => {
    const c = compare(1);
    const first = buildVote(random, c, header.settings.dimensions, { at: at(2), verdict: 'left', comment: 'ok', category: 'math' });
    const second = buildVote(random, c, header.settings.dimensions, { at: at(3), verdict: 'right', comment: '', category: 'coding' });
    const index = indexOf([header, c, first]);
    expect(index.voteOf(c.id)).toEqual(first);
    expect(index.voteCount).toBe(1);
    index.add(second, line);
    expect(index.voteOf(c.id)?.verdict).toBe('right');
    expect(index.voteCount).toBe(1);
    index.add(buildUndo(second, at(4)), line);
    expect(index.voteOf(c.id)).toEqual(first);
    expect(index.lastVote()).toEqual(first);
    index.add(buildEdit(first, at(5), { comment: 'changed, "quoted"' }), line);
    expect(index.voteOf(c.id)).toMatchObject({ id: first.id, comment: 'changed, "quoted"', category: 'math' });
    expect(first.comment).toBe('ok');
    index.add(buildUndo(first, at(6)), line);
    expect(index.voteOf(c.id)).toBeNull();
    expect(index.voteCount).toBe(0);
    expect(index.lastVote()).toBeNull();
    expect(index.updatedAt).toBe(at(6));
  });

  it('agrees with an independent fold over a whole generated session', () => {
    const records = buildSessionRecords(400, { seed: 11, undoRate: 0.2, editRate: 0.3 });
    const index = indexOf(records);
    const oracle = ratedFrom(records);
    expect(index.comparisonIds()).toEqual(oracle.map((r) => r.comparison.id));
    for (const rated of oracle) expect(index.voteOf(rated.comparison.id)).toEqual(rated.vote);
    expect(index.voteCount).toBe(oracle.filter((r) => r.vote).length);
    const first = oracle[0]!.comparison;
    expect(index.server(first.servers.left)).toEqual(oracle[0]!.servers.left);
    expect(index.latestServer(0)?.facts.argv).toContain('8003');
  });

  it('refuses appends that do not fit, and ignores stray references found in a file', () => {
    const c = compare(1);
    const vote = buildVote(random, c, [], { at: at(2) });
    const index = indexOf([header, c]);
    expect(index.refusal(header)).toMatch(/already has its header/);
    expect(index.refusal(c)).toMatch(/already recorded/);
    expect(index.refusal(buildUndo(vote, at(3)))).toMatch(/not in this session/);
    expect(index.refusal({ ...vote, comparisonId: 'missing' })).toMatch(/comparison missing is not in this session/);
    expect(index.refusal(vote)).toBeNull();
    index.add(vote, line);
    index.add(buildUndo(vote, at(3)), line);
    expect(index.refusal(buildUndo(vote, at(4)))).toMatch(/already undone/);
    index.add({ ...vote, id: 'stray', comparisonId: 'missing' }, line);
    index.add(buildEdit({ ...vote, id: 'nothing' } as VoteRecord, at(5), { comment: 'x' }), line);
    expect(index.voteCount).toBe(0);
  });

  it('says whether a comparison was ever voted on, an undone vote included', () => {
    const c = compare(1);
    const other = compare(2);
    const vote = buildVote(random, c, [], { at: at(3) });
    const index = indexOf([header, c, other]);
    expect(index.everVoted(c.id)).toBe(false);
    index.add(vote, line);
    index.add(buildUndo(vote, at(4)), line);
    expect(index.voteOf(c.id)).toBeNull();
    expect(index.everVoted(c.id)).toBe(true);
    expect(index.everVoted(other.id)).toBe(false);
    expect(index.everVoted('missing')).toBe(false);
  });

  it('gives who was where in each conversation’s first comparison, in order', () => {
    const a = compare(1, { leftModel: 1 });
    const a2 = compare(2, { leftModel: 1, conversationId: a.conversationId, turn: 2 });
    const b = compare(3, { leftModel: 0 });
    const c = compare(4, { leftModel: 1 });
    expect(indexOf([header, a, a2, b, c]).conversationMappings()).toEqual([{ left: 1, right: 0 }, { left: 0, right: 1 }, { left: 1, right: 0 }]);
    const index = indexOf([header, a, a2, b, c]);
    expect(index.conversation(a.conversationId).map((i) => index.entry(i).id)).toEqual([a.id, a2.id]);
  });
});

describe('the history list', () => {
  const random = seededRandom(8);
  const header = buildHeader(random, { settings: { blind: true } });
  const servers = { 0: 's0', 1: 's1' };
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute)).toISOString();
  const c1 = buildComparison(random, { at: at(1), leftModel: 1, servers, settings: header.settings, userMessage: '量子计算 explained', answers: { left: 'Qubits hold superposition.', right: 'A quantum COMPUTER uses qubits; "entangled", too.' } });
  const c2 = buildComparison(random, { at: at(2), leftModel: 0, servers, settings: header.settings, userMessage: 'Write a haiku', answers: { left: 'Autumn moonlight 🌕', right: 'a worm digs silently' } });
  const c3 = buildComparison(random, { at: at(3), leftModel: 0, servers, settings: studySettings({ blind: false }), userMessage: 'Sum 2+2', answers: { left: '4', right: 'four' } });
  const v1 = buildVote(random, c1, [], { at: at(4), verdict: 'left', category: 'Science', comment: 'clear answer' });
  const v2 = buildVote(random, c2, [], { at: at(5), verdict: 'tie', category: 'writing', comment: '' });
  const index = indexOf([header, c1, c2, c3, v1, v2]);

  it('lists newest first, with previews, timings, verdicts and the categories in use', () => {
    const page = historyPage(index, query());
    expect(page.items.map((i) => i.comparisonId)).toEqual([c3.id, c2.id, c1.id]);
    expect(page).toMatchObject({ total: 3, all: 3, categories: ['Science', 'writing'], models: [header.models[0]!.name, header.models[1]!.name] });
    const item = page.items[2]!;
    expect(item).toMatchObject({ verdict: 'left', voteId: v1.id, category: 'Science', comment: 'clear answer', userMessage: '量子计算 explained', turn: c1.turn });
    expect(item.sides.left).toMatchObject({ preview: 'Qubits hold superposition.', outcome: 'done', ttftMs: c1.sides.left.outcome.timings.ttftMs, e2eMs: c1.sides.left.outcome.timings.e2eMs });
    expect(historyPage(index, query({ verdict: 'none' })).items[0]!.verdict).toBeNull();
  });

  it('names the models only after a vote, or when the comparison was not blind', () => {
    const [third, second, first] = historyPage(index, query()).items;
    const model1 = header.models[1]!;
    expect(first!.sides.left.model).toEqual({ model: 1, name: model1.name, servedName: model1.servedName, source: model1.source });
    expect(second!.sides.right.model?.model).toBe(1);
    expect(third!.sides.left.model?.model).toBe(0);
    const blindUnvoted = indexOf([header, c1, c2]);
    expect(historyPage(blindUnvoted, query()).items.every((i) => i.sides.left.model === null && i.sides.right.model === null)).toBe(true);
    const undone = indexOf([header, c1, v1, buildUndo(v1, at(9))]);
    expect(historyPage(undone, query()).items[0]!.sides.left.model).toBeNull();
  });

  it('filters by verdict, category and winning model', () => {
    const ids = (q: Partial<HistoryQuery>) => historyPage(index, query(q)).items.map((i) => i.comparisonId);
    expect(ids({ verdict: 'none' })).toEqual([c3.id]);
    expect(ids({ verdict: 'tie' })).toEqual([c2.id]);
    expect(ids({ category: 'science' })).toEqual([c1.id]);
    expect(ids({ winner: 1 })).toEqual([c1.id]);
    expect(ids({ winner: 0 })).toEqual([]);
    expect(ids({ verdict: 'left', winner: 1, category: 'Science' })).toEqual([c1.id]);
  });

  it('searches prompt, answers, comment and category without regard to case, special characters included', () => {
    const ids = (text: string) => historyPage(index, query({ text })).items.map((i) => i.comparisonId);
    expect(ids('quantum computer')).toEqual([c1.id]);
    expect(ids('量子')).toEqual([c1.id]);
    expect(ids('"entangled"')).toEqual([c1.id]);
    expect(ids('🌕')).toEqual([c2.id]);
    expect(ids('HAIKU')).toEqual([c2.id]);
    expect(ids('CLEAR ANSWER')).toEqual([c1.id]);
    expect(ids('WRITING')).toEqual([c2.id]);
    expect(ids('2+2')).toEqual([c3.id]);
    expect(ids('.*')).toEqual([]);
    expect(ids('   ')).toEqual([c3.id, c2.id, c1.id]);
  });

  it('hides the timings of a blind comparison under equal reveal until it has a vote, as the vote screen does', () => {
    const equal = buildHeader(random, { settings: { blind: true, equalReveal: true } });
    const open = studySettings({ blind: false, equalReveal: true });
    const held = buildComparison(random, { at: at(1), servers, settings: equal.settings });
    const voted = buildComparison(random, { at: at(2), servers, settings: equal.settings });
    const undone = buildComparison(random, { at: at(3), servers, settings: equal.settings });
    const notBlind = buildComparison(random, { at: at(4), servers, settings: open });
    const plainBlind = buildComparison(random, { at: at(5), servers, settings: header.settings });
    const vote = buildVote(random, voted, [], { at: at(6) });
    const revoked = buildVote(random, undone, [], { at: at(7) });
    const page = historyPage(indexOf([equal, held, voted, undone, notBlind, plainBlind, vote, revoked, buildUndo(revoked, at(8))]), query());
    const byId = new Map(page.items.map((item) => [item.comparisonId, item]));
    const timings = (id: string, side: 'left' | 'right') => {
      const { ttftMs, decodeTokensPerS, e2eMs, outputTokens } = byId.get(id)!.sides[side];
      return { ttftMs, decodeTokensPerS, e2eMs, outputTokens };
    };
    const recorded = (c: ComparisonRecord, side: 'left' | 'right') => {
      const { ttftMs, decodeTokensPerS, e2eMs, outputTokens } = c.sides[side].outcome.timings;
      return { ttftMs, decodeTokensPerS, e2eMs, outputTokens };
    };
    const hidden = { ttftMs: null, decodeTokensPerS: null, e2eMs: null, outputTokens: null };
    for (const side of ['left', 'right'] as const) {
      expect(timings(held.id, side)).toEqual(hidden);
      expect(timings(undone.id, side)).toEqual(hidden);
      expect(timings(voted.id, side)).toEqual(recorded(voted, side));
      expect(timings(notBlind.id, side)).toEqual(recorded(notBlind, side));
      expect(timings(plainBlind.id, side)).toEqual(recorded(plainBlind, side));
    }
    expect(recorded(held, 'left').ttftMs).not.toBeNull();
    expect(byId.get(held.id)!.sides.left.preview).toBe(held.sides.left.content.slice(0, 300));
    expect(byId.get(held.id)!.sides.left.outcome).toBe(held.sides.left.outcome.kind);
  });

  it('pages through the matches', () => {
    const records = buildSessionRecords(250, { seed: 4 });
    const big = indexOf(records);
    const all = historyPage(big, query({ limit: 500 })).items.map((i) => i.comparisonId);
    expect(all).toHaveLength(250);
    const pages = [0, 100, 200].flatMap((offset) => historyPage(big, query({ offset, limit: 100 })).items.map((i) => i.comparisonId));
    expect(pages).toEqual(all);
    expect(historyPage(big, query({ offset: 240, limit: 100 }))).toMatchObject({ total: 250, all: 250 });
    expect(historyPage(big, query({ offset: 240, limit: 100 })).items).toHaveLength(10);
  });
});

describe('an index snapshot', () => {
  /** What a session shows and folds, in full: compared between an index and its restored snapshot. */
  function stateOf(index: SessionIndex, records: readonly SessionRecord[]) {
    const ids = records.flatMap((r) => (r.type === 'comparison' ? [r.id] : []));
    return {
      name: index.name,
      settings: index.settings,
      updatedAt: index.updatedAt,
      voteCount: index.voteCount,
      history: historyPage(index, query({ limit: 10_000 })),
      searches: ['the', 'É', '日本', '🙂', 'zz-none'].map((text) => historyPage(index, query({ text, limit: 10_000 })).items.map((i) => i.comparisonId)),
      votes: ids.map((id) => [index.voteOf(id), index.everVoted(id)]),
      lastVote: index.lastVote(),
      lines: index.lineRanges(),
      comparisons: index.comparisonRanges(),
      left: index.conversationMappings(),
      servers: [index.latestServer(0), index.latestServer(1)],
      conversation: index.conversationRanges((records.find((r) => r.type === 'comparison') as ComparisonRecord).conversationId),
      content: ids.map((id) => index.content(index.numberOf(id), 'right')),
    };
  }

  it('restores the same index, and one that goes on growing as the original does', () => {
    const records = buildSessionRecords(600, { seed: 17, undoRate: 0.2, editRate: 0.3, text: { tricky: true } });
    const cut = 700;
    const original = indexOf(records.slice(0, cut));
    const restored = SessionIndex.fromSnapshot(original.snapshot());
    expect(stateOf(restored, records.slice(0, cut))).toEqual(stateOf(original, records.slice(0, cut)));
    records.slice(cut).forEach((record, i) => {
      original.add(record, { offset: cut + i, byteLength: 1 });
      restored.add(record, { offset: cut + i, byteLength: 1 });
    });
    expect(stateOf(restored, records)).toEqual(stateOf(original, records));
    expect(restored.refusal(records[cut + 1]!)).toEqual(original.refusal(records[cut + 1]!));
  });

  it('is taken at once: later records do not change a snapshot already made', () => {
    const records = buildSessionRecords(50, { seed: 3 });
    const index = indexOf(records.slice(0, 30));
    const snapshot = index.snapshot();
    const before = stateOf(SessionIndex.fromSnapshot(snapshot), records.slice(0, 30));
    records.slice(30).forEach((record) => index.add(record, line));
    const vote = records.slice(30).find((r) => r.type === 'vote');
    if (vote) index.add(buildUndo(vote as VoteRecord, '2030-01-01T00:00:00.000Z'), line);
    expect(stateOf(SessionIndex.fromSnapshot(snapshot), records.slice(0, 30))).toEqual(before);
  });

  it('refuses a snapshot whose parts do not fit together', () => {
    const snapshot = indexOf(buildSessionRecords(20, { seed: 2 })).snapshot();
    expect(() => SessionIndex.fromSnapshot({ ...snapshot, meta: { ...snapshot.meta, ats: snapshot.meta.ats.slice(1) } })).toThrow(/ats has/);
    expect(() => SessionIndex.fromSnapshot({ ...snapshot, columns: { ...snapshot.columns, effective: new Int32Array(snapshot.columns.effective.length).fill(10_000) } })).toThrow(/does not hold/);
  });
});
