// A rating session end to end against two emulated vLLM servers: blind turns whose sides the services assign,
// no name in anything sent before the vote, votes on disk before the reveal, undo as a record, equal reveal,
// failed sides, a restart that resumes, and reopening a conversation.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonSnapshot } from '../../electron/shared/compare';
import type { ModelProfile } from '../../electron/shared/profiles';
import type { RequestInput, ResponseOf } from '../../electron/shared/contract';
import type { RequestChannel } from '../../electron/shared/channels';
import type { ComparisonRecord, SessionRecord, SessionSettings, SessionView, VoteSaved } from '../../electron/shared/sessions';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';
import { makeTempDir } from '../support/temp-dir';
import { waitUntil } from '../../electron/services/engines/process/process-group';

const SETTINGS: SessionSettings = {
  systemPrompt: 'Answer briefly.',
  sampling: { temperature: 0.7, topP: 0.95, maxTokens: 48, seed: 11 },
  seedPolicy: 'as-set',
  blind: true,
  equalReveal: false,
  dimensions: ['accuracy', 'fluency'],
};

describe('a blind rating session against two emulated servers', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let harness: Harness;
  let models: ModelProfile[];
  /** Everything the services pushed, as it would travel to a renderer. */
  let frames: string[] = [];

  async function call<K extends RequestChannel>(channel: K, payload: RequestInput<K>): Promise<ResponseOf<K>> {
    const reply = await harness.services.dispatch(channel, payload);
    frames.push(JSON.stringify(reply));
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`);
    return reply.value as ResponseOf<K>;
  }

  function listen(services: Harness['services']): void {
    for (const event of ['compare.delta', 'compare.sideFinished', 'sessions.revealed', 'sessions.changed'] as const) {
      services.bus.on(event, (payload) => frames.push(JSON.stringify({ event, payload })));
    }
  }

  /** Strings that would name a model: its profile's name and id, served name, source, and its server's port. */
  function identifying(): { text: string[]; ports: number[] } {
    const ports = models.map((m) => harness.services.engines.list().find((s) => s.profileId === m.id)?.port ?? -1);
    return { text: models.flatMap((m) => [m.name, m.id, m.engine === 'vllm' ? m.source : m.baseUrl]), ports };
  }

  function leaks(sent: string[]): string[] {
    const { text, ports } = identifying();
    return sent.flatMap((frame) => [
      ...text.filter((needle) => frame.includes(needle)).map((needle) => `"${needle}" in ${frame.slice(0, 200)}`),
      ...ports.filter((port) => new RegExp(`(?<![\\w.])${port}(?![\\w.])`).test(frame)).map((port) => `port ${port} in ${frame.slice(0, 200)}`),
    ]);
  }

  async function turn(sessionId: string, userMessage: string, conversationId: string | null = null): Promise<ComparisonSnapshot> {
    const comparisonId = randomUUID();
    await call('sessions.turn', { sessionId, comparisonId, conversationId, userMessage });
    const over = await waitUntil(() => Object.values(harness.services.comparisons.get(comparisonId).sides).every((side) => side.outcome !== null), 20_000, 20);
    if (!over) throw new Error('the turn did not finish');
    await recorded(sessionId, comparisonId);
    return call('compare.get', { comparisonId });
  }

  /** Recorded as both sides end: the append (fsynced) follows at once, and then the session's index has it. */
  async function recorded(sessionId: string, comparisonId: string): Promise<void> {
    const session = await harness.services.sessionStore.open(sessionId);
    if (!(await waitUntil(() => session.hasComparison(comparisonId), 5000, 10))) throw new Error('the comparison was not recorded');
  }

  function records(sessionId: string): SessionRecord[] {
    return readFileSync(join(dir.path, 'sessions', `${sessionId}.jsonl`), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SessionRecord);
  }

  const vote = (sessionId: string, comparisonId: string, verdict: 'left' | 'right' | 'tie' | 'both-bad'): Promise<VoteSaved> =>
    call('sessions.vote', { sessionId, comparisonId, verdict, scores: { left: { accuracy: 4, fluency: 5 }, right: { accuracy: 2 } }, comment: 'close call, 接近', category: 'knowledge QA' });

  beforeAll(async () => {
    dir = await makeTempDir();
    harness = createHarness(dir.path);
    listen(harness.services);
    models = [
      harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_TOKENS_PER_S: '600' }, { gpuMemoryUtilization: 0.4, name: 'Zeta four' })),
      harness.createProfile(emulatedDraft('Qwen/Qwen2-7B-Instruct', { VLLM_EMU_TOKENS_PER_S: '300' }, { gpuMemoryUtilization: 0.5, name: 'Omega seven' })),
    ];
    for (const model of models) await harness.services.engines.launch(model.id);
    for (const model of models) await harness.waitFor(model.id, 'ready');
  });
  afterAll(async () => {
    await harness.dispose();
    await dir.remove();
  });

  let session: SessionView;

  it('sends nothing that names a model before the vote, and reveals both names with the saved vote', async () => {
    session = await call('sessions.create', { name: 'Study pair', profileIds: [models[0]!.id, models[1]!.id], settings: SETTINGS });
    expect(session.models).toBeNull();
    frames = [];
    const lefts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const shown = await turn(session.id, `Question ${i}: what is a KV cache?`);
      expect(shown.reveal).toBeNull();
      expect(shown.sides.left.content.length).toBeGreaterThan(0);
      expect(leaks(frames)).toEqual([]);
      const saved = await vote(session.id, shown.comparisonId, i % 2 === 0 ? 'left' : 'tie');
      frames = [];
      expect(new Set([saved.reveal.sides.left.name, saved.reveal.sides.right.name])).toEqual(new Set(['Zeta four', 'Omega seven']));
      lefts.push(saved.reveal.sides.left.model);
      expect(saved.votes).toBe(i + 1);
    }
    // Blocks of two: after each even number of conversations, each model was on the left equally often.
    for (let n = 2; n <= 6; n += 2) expect(lefts.slice(0, n).filter((m) => m === 0).length).toBe(n / 2);
  });

  it('keeps each comparison whole on disk: messages, seeds, mapping, both answers, timings and the servers once', async () => {
    const all = records(session.id);
    const comparisons = all.filter((r): r is ComparisonRecord => r.type === 'comparison');
    const servers = all.filter((r) => r.type === 'server');
    expect(comparisons).toHaveLength(6);
    expect(servers).toHaveLength(2); // one per launch, referenced by every comparison
    const first = comparisons[0]!;
    expect(first).toMatchObject({ systemPrompt: 'Answer briefly.', seed: 11, blind: true, history: { left: [], right: [] } });
    expect(['left', 'right']).toContain(first.firstWritten);
    expect(first.sides.left.outcome).toMatchObject({ kind: 'done', timings: { ttftMs: expect.any(Number), e2eMs: expect.any(Number), outputTokens: expect.any(Number) } });
    for (const server of servers) {
      if (server.type !== 'server') continue;
      expect(server.facts.argv).toEqual(expect.arrayContaining(['serve', '--port']));
      expect(server.facts.vllmVersion).toMatch(/\d+\.\d+/);
      expect(server.facts.gpuName).toBe('NVIDIA RTX A6000');
      expect(Object.values(first.servers)).toContain(server.id);
    }
    const votes = all.filter((r) => r.type === 'vote');
    expect(votes).toHaveLength(6);
    expect(votes[0]).toMatchObject({ scores: { left: { accuracy: 4, fluency: 5 }, right: { accuracy: 2 } }, comment: 'close call, 接近', category: 'knowledge QA', failedSides: [], blind: true });
  });

  it('refuses a second vote, undoes only the last one, and records the undo without erasing the vote', async () => {
    const history = await call('sessions.history', { sessionId: session.id });
    const newest = history.items[0]!;
    await expect(vote(session.id, newest.comparisonId, 'right')).rejects.toThrow(/already has a vote/);
    const older = history.items[1]!;
    await expect(call('sessions.undoVote', { sessionId: session.id, voteId: older.voteId! })).rejects.toThrow(/Only the last vote/);
    const undone = await call('sessions.undoVote', { sessionId: session.id, voteId: newest.voteId! });
    expect(undone.votes).toBe(5);
    expect(records(session.id).filter((r) => r.type === 'vote')).toHaveLength(6);
    expect(records(session.id).at(-1)).toMatchObject({ type: 'undo', voteId: newest.voteId });
    const again = await vote(session.id, newest.comparisonId, 'right');
    expect(again.votes).toBe(6);
  });

  it('places two conversations begun at once as one block, records both once, and takes one of two votes cast at once', async () => {
    const ids: string[] = [randomUUID(), randomUUID()];
    await Promise.all(ids.map((comparisonId, i) => call('sessions.turn', { sessionId: session.id, comparisonId, conversationId: null, userMessage: `Parallel ${i}.` })));
    for (const id of ids) {
      await waitUntil(() => Object.values(harness.services.comparisons.get(id).sides).every((side) => side.outcome !== null), 20_000, 10);
      await recorded(session.id, id);
    }
    const all = records(session.id);
    const pair = all.filter((r): r is ComparisonRecord => r.type === 'comparison' && ids.includes(r.id));
    expect(pair).toHaveLength(2);
    expect(new Set(pair.map((r) => r.mapping.left))).toEqual(new Set([0, 1]));
    expect(all.filter((r) => r.type === 'server')).toHaveLength(2);
    const votes = await Promise.allSettled([vote(session.id, ids[0]!, 'left'), vote(session.id, ids[0]!, 'right')]);
    expect(votes.map((v) => v.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((votes.find((v) => v.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(/already has a vote/);
    expect(records(session.id).filter((r) => r.type === 'vote' && r.comparisonId === ids[0])).toHaveLength(1);
    await vote(session.id, ids[1]!, 'tie');
  });

  it("edits a vote's comment and category with a record of its own, the vote itself kept as it was", async () => {
    const newest = (await call('sessions.history', { sessionId: session.id })).items[0]!;
    const edited = await call('sessions.editVote', { sessionId: session.id, comparisonId: newest.comparisonId, category: 'reasoning' });
    expect(edited).toMatchObject({ id: newest.voteId, category: 'reasoning', comment: newest.comment });
    expect(records(session.id).at(-1)).toEqual({ type: 'edit', at: expect.any(String), voteId: newest.voteId, category: 'reasoning' });
    expect((await call('sessions.history', { sessionId: session.id, category: 'reasoning' })).items.map((i) => i.comparisonId)).toEqual([newest.comparisonId]);
  });

  it('refuses scores on a dimension the session does not have', async () => {
    const shown = await turn(session.id, 'One more question.');
    await expect(call('sessions.vote', { sessionId: session.id, comparisonId: shown.comparisonId, verdict: 'tie', scores: { left: { speed: 3 }, right: {} }, comment: '', category: '' })).rejects.toThrow(/"speed" is not a score dimension/);
    await vote(session.id, shown.comparisonId, 'tie');
  });

  it('records a vote on a turn where both sides failed, and says so', async () => {
    await call('sessions.updateSettings', { sessionId: session.id, settings: { ...SETTINGS, sampling: { ...SETTINGS.sampling, maxTokens: 50_000 } } });
    frames = [];
    const shown = await turn(session.id, 'This asks for more tokens than the context holds.');
    expect(shown.sides.left.outcome?.kind).toBe('error');
    // A context size can name a model: blind, the refusal is told without its figures.
    expect(shown.sides.left.outcome).toMatchObject({ error: { kind: 'context-length', serverMessage: null, message: expect.stringContaining('shown after your vote') } });
    expect(leaks(frames)).toEqual([]);
    const saved = await vote(session.id, shown.comparisonId, 'both-bad');
    const after = await call('compare.get', { comparisonId: shown.comparisonId });
    expect(after.sides.left.outcome).toMatchObject({ error: { kind: 'context-length', message: expect.stringMatching(/4,096/) } });
    expect(records(session.id).find((r) => r.type === 'vote' && r.id === saved.voteId)).toMatchObject({ failedSides: ['left', 'right'], verdict: 'both-bad' });
    await call('sessions.updateSettings', { sessionId: session.id, settings: SETTINGS });
  });

  it('under equal reveal, holds all text until both sides are over and the timings until the vote', async () => {
    const equal = await call('sessions.create', { name: 'Equal reveal', profileIds: [models[0]!.id, models[1]!.id], settings: { ...SETTINGS, equalReveal: true, sampling: { ...SETTINGS.sampling, maxTokens: 200 } } });
    const arrivals: { kind: string; at: number }[] = [];
    const offDelta = harness.services.bus.on('compare.delta', () => arrivals.push({ kind: 'delta', at: performance.now() }));
    const offFinished = harness.services.bus.on('compare.sideFinished', (finished) => arrivals.push({ kind: `finished:${finished.outcome.timings.e2eMs === null ? 'hidden' : 'shown'}`, at: performance.now() }));
    const shown = await turn(equal.id, 'Write a paragraph about GPUs.');
    offDelta();
    offFinished();
    // Everything arrives in one burst after both are over: no delta before the first outcome's moment.
    const firstFinished = arrivals.findIndex((a) => a.kind.startsWith('finished'));
    expect(arrivals.slice(firstFinished).every((a) => a.kind.startsWith('finished'))).toBe(true);
    expect(arrivals.filter((a) => a.kind.startsWith('finished')).map((a) => a.kind)).toEqual(['finished:hidden', 'finished:hidden']);
    expect(arrivals.at(-1)!.at - arrivals[0]!.at).toBeLessThan(50);
    expect(shown.sides.left.outcome?.timings.ttftMs).toBeNull();
    const saved = await vote(equal.id, shown.comparisonId, 'left');
    expect(saved.reveal.outcomes?.left.timings.ttftMs).toEqual(expect.any(Number));
    expect((await call('compare.get', { comparisonId: shown.comparisonId })).sides.left.outcome?.timings.ttftMs).toEqual(expect.any(Number));
    await call('sessions.open', { sessionId: session.id });
  });

  it('regenerating after a vote starts a new comparison of the same turn, with a fresh seed when seeds are drawn', async () => {
    const drawn = await call('sessions.create', { name: 'Drawn seeds', profileIds: [models[0]!.id, models[1]!.id], settings: { ...SETTINGS, seedPolicy: 'random-per-turn' } });
    const shown = await turn(drawn.id, 'Regenerate me.');
    await vote(drawn.id, shown.comparisonId, 'left');
    const again = randomUUID();
    await call('compare.regenerate', { comparisonId: shown.comparisonId, newComparisonId: again });
    await waitUntil(() => Object.values(harness.services.comparisons.get(again).sides).every((side) => side.outcome !== null), 20_000, 10);
    await recorded(drawn.id, again);
    const [first, second] = records(drawn.id).filter((r): r is ComparisonRecord => r.type === 'comparison');
    expect(second).toMatchObject({ id: again, replaces: first!.id, turn: 1, conversationId: first!.conversationId, mapping: first!.mapping, blind: false });
    expect(second!.seed).not.toBe(first!.seed);
    expect((await call('sessions.history', { sessionId: drawn.id, verdict: 'none' })).items.map((item) => item.comparisonId)).toEqual([again]);
    await call('sessions.open', { sessionId: session.id });
  });

  it('resumes after a restart: the current session, its counts and its history', async () => {
    await harness.dispose();
    harness = createHarness(dir.path);
    listen(harness.services);
    const resumed = await call('sessions.current', {});
    expect(resumed).toMatchObject({ id: session.id, name: 'Study pair', comparisons: 10, votes: 10, readOnly: null, models: null });
    const found = await call('sessions.history', { sessionId: session.id, text: 'QUESTION 3' });
    expect(found.items.map((item) => item.userMessage)).toEqual(['Question 3: what is a KV cache?']);
    expect(found.items[0]!.sides.left.model?.name).toMatch(/Zeta four|Omega seven/);
  });

  it('reopens a recorded conversation in Compare and goes on with it, on the same sides', async () => {
    for (const model of models) await harness.services.engines.launch(model.id);
    for (const model of models) await harness.waitFor(model.id, 'ready');
    const history = await call('sessions.history', { sessionId: session.id, text: 'Question 2' });
    const chosen = history.items[0]!;
    const reopened = await call('sessions.reopen', { sessionId: session.id, comparisonId: chosen.comparisonId });
    expect(reopened.turns.map((t) => t.comparisonId)).toEqual([chosen.comparisonId]);
    expect(reopened.turns[0]!.reveal).not.toBeNull(); // it was voted
    expect(reopened.votes).toEqual([{ comparisonId: chosen.comparisonId, voteId: chosen.voteId, verdict: chosen.verdict }]);
    const next = await turn(session.id, 'And a follow-up question.', chosen.conversationId);
    expect(next.turn).toBe(2);
    const record = records(session.id).filter((r): r is ComparisonRecord => r.type === 'comparison').at(-1)!;
    expect(record).toMatchObject({ conversationId: chosen.conversationId, turn: 2, blind: false });
    expect(record.mapping).toEqual(records(session.id).find((r): r is ComparisonRecord => r.type === 'comparison' && r.id === chosen.comparisonId)!.mapping);
    expect(record.history.left).toEqual([{ role: 'user', content: 'Question 2: what is a KV cache?' }, { role: 'assistant', content: expect.any(String) }]);
  });
});
