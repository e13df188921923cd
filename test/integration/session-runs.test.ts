// Issue 10's sessions against emulated vLLM servers: three models whose pairs stay balanced and whose votes give a
// Bradley-Terry ranking; a prompt set run with hidden repeats (sides swapped), key points, skips, and a restart
// that resumes it; a variant session (one model, two settings) whose settings stay hidden until the vote.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelProfile } from '../../electron/shared/profiles';
import type { RequestInput, ResponseOf } from '../../electron/shared/contract';
import type { RequestChannel } from '../../electron/shared/channels';
import type { ComparisonSnapshot } from '../../electron/shared/compare';
import type { ComparisonRecord, RunRecord, SessionRecord, SessionSettings, Verdict, VoteRecord } from '../../electron/shared/sessions';
import type { RunView } from '../../electron/shared/prompt-sets';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';
import { makeTempDir } from '../support/temp-dir';
import { waitUntil } from '../../electron/services/engines/process/process-group';

const SETTINGS: SessionSettings = {
  systemPrompt: 'Answer briefly.',
  sampling: { temperature: 0.7, topP: 0.95, maxTokens: 32, seed: 5 },
  seedPolicy: 'random-per-turn',
  blind: true,
  equalReveal: false,
  dimensions: ['accuracy', 'fluency'],
};
const MODELS = [
  { source: 'Qwen/Qwen3-4B-Instruct-2507', name: 'Zeta four', gpuMemoryUtilization: 0.3 },
  { source: 'Qwen/Qwen2-7B-Instruct', name: 'Omega seven', gpuMemoryUtilization: 0.42 },
  { source: 'Qwen/Qwen2.5-0.5B-Instruct', name: 'Kappa half', gpuMemoryUtilization: 0.12 },
];

describe('sessions of three models, prompt set runs and variants, against emulated servers', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let harness: Harness;
  let models: ModelProfile[];
  let threeModels = '';

  async function call<K extends RequestChannel>(channel: K, payload: RequestInput<K>): Promise<ResponseOf<K>> {
    const reply = await harness.services.dispatch(channel, payload);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`);
    return reply.value as ResponseOf<K>;
  }

  async function finished(sessionId: string, comparisonId: string): Promise<ComparisonSnapshot> {
    const over = await waitUntil(() => Object.values(harness.services.comparisons.get(comparisonId).sides).every((side) => side.outcome !== null), 20_000, 20);
    if (!over) throw new Error('the turn did not finish');
    const session = await harness.services.sessionStore.open(sessionId);
    if (!(await waitUntil(() => session.hasComparison(comparisonId), 5000, 10))) throw new Error('the comparison was not recorded');
    return call('compare.get', { comparisonId });
  }

  async function turn(sessionId: string, userMessage: string): Promise<ComparisonSnapshot> {
    const comparisonId = randomUUID();
    const started = await call('sessions.turn', { sessionId, comparisonId, conversationId: null, userMessage });
    expect(started.reveal).toBeNull();
    return finished(sessionId, comparisonId);
  }

  function records(sessionId: string): SessionRecord[] {
    return readFileSync(join(dir.path, 'sessions', `${sessionId}.jsonl`), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SessionRecord);
  }
  const comparisonsOf = (sessionId: string) => records(sessionId).filter((r): r is ComparisonRecord => r.type === 'comparison');

  const vote = (sessionId: string, comparisonId: string, verdict: Verdict, keyPoints?: { left: number[]; right: number[] }) =>
    call('sessions.vote', { sessionId, comparisonId, verdict, scores: { left: { accuracy: 4 }, right: { accuracy: 3 } }, comment: '', category: '', ...(keyPoints && { keyPoints }) });

  beforeAll(async () => {
    dir = await makeTempDir();
    harness = createHarness(dir.path);
    models = MODELS.map((m) => harness.createProfile(emulatedDraft(m.source, { VLLM_EMU_TOKENS_PER_S: '800' }, { gpuMemoryUtilization: m.gpuMemoryUtilization, name: m.name })));
    for (const model of models) await harness.services.engines.launch(model.id);
    for (const model of models) await harness.waitFor(model.id, 'ready');
  });
  afterAll(async () => {
    await harness.dispose();
    await dir.remove();
  });

  it('draws balanced pairs among three models, each pair with balanced sides, and ranks them with Bradley-Terry', async () => {
    const session = await call('sessions.create', { name: 'Three models', profileIds: models.map((m) => m.id), settings: SETTINGS });
    threeModels = session.id;
    expect(session).toMatchObject({ models: null, modelCount: 3, variants: false, run: null });
    // The names of the first model win: it takes every vote it sits in, the second wins against the third.
    for (let i = 0; i < 12; i++) {
      const shown = await turn(session.id, `Question ${i}`);
      const mapping = comparisonsOf(session.id).at(-1)!.mapping;
      const better = Math.min(mapping.left, mapping.right);
      await vote(session.id, shown.comparisonId, mapping.left === better ? 'left' : 'right');
    }
    const pairs = comparisonsOf(session.id).map((c) => [Math.min(c.mapping.left, c.mapping.right), Math.max(c.mapping.left, c.mapping.right)].join('-'));
    const counts = Object.fromEntries(['0-1', '0-2', '1-2'].map((pair) => [pair, pairs.filter((p) => p === pair).length]));
    expect(counts).toEqual({ '0-1': 4, '0-2': 4, '1-2': 4 });
    for (const pair of ['0-1', '0-2', '1-2']) {
      const lefts = comparisonsOf(session.id).filter((c, k) => pairs[k] === pair).map((c) => c.mapping.left);
      expect(lefts.filter((left) => left === Number(pair[0])).length).toBe(2);
    }
    const stats = await call('stats.session', { sessionId: session.id });
    expect(stats.models).toEqual(['Zeta four', 'Omega seven', 'Kappa half']);
    expect(stats.overall.pairs).toHaveLength(3);
    const ratings = stats.bradleyTerry!.ratings;
    const byModel = (m: number) => ratings.find((r) => r.model === m)!.rating;
    expect(byModel(0)).toBeGreaterThan(byModel(1));
    expect(byModel(1)).toBeGreaterThan(byModel(2));
    expect(stats.votes).toBe(12);
  });

  it('runs a prompt set blind: hidden repeats with the sides swapped, key points, a skip, and a resume after a restart', async () => {
    const imported = await call('promptSets.importSample', {});
    expect(imported.set.items).toBeGreaterThanOrEqual(120);
    let session = await call('sessions.create', { name: 'Summaries', profileIds: [models[0]!.id, models[1]!.id], settings: SETTINGS });
    session = await call('sessions.startRun', { sessionId: session.id, promptSetId: imported.set.id, categories: ['long-document-summary'], shuffle: true, repeatShare: 0.1 });
    const run = session.run!;
    expect(run).toMatchObject({ name: imported.set.name, voted: 0, skipped: 0, pending: null });
    // 40 summaries (20 per language) and 4 hidden repeats.
    expect(run.total).toBe(44);
    expect(run.next!.keyPoints.length).toBeGreaterThanOrEqual(4);
    // Nothing in what the page is told marks a step as a repeat: these fields, and no others.
    expect(Object.keys(run).sort()).toEqual(['name', 'next', 'pending', 'runId', 'skipped', 'total', 'voted']);
    expect(Object.keys(run.next!).sort()).toEqual(['category', 'keyPoints', 'prompt', 'step', 'systemPrompt']);

    const first = run.next!;
    const comparisonId = randomUUID();
    await expect(call('sessions.runNext', { sessionId: session.id, comparisonId, runId: run.runId, step: first.step + 1 })).rejects.toThrow(/moved on/);
    // Sent twice at once (a double click, a second window): one goes, the other is refused.
    const twice = await Promise.allSettled([
      call('sessions.runNext', { sessionId: session.id, comparisonId, runId: run.runId, step: first.step }),
      call('sessions.runNext', { sessionId: session.id, comparisonId: randomUUID(), runId: run.runId, step: first.step }),
    ]);
    expect(twice.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(String((twice[1] as PromiseRejectedResult).reason)).toMatch(/still coming/);
    await finished(session.id, comparisonId);
    // Recorded and not voted: blind, so not in the statistics yet (its times would tell the sides apart).
    const before = await call('stats.session', { sessionId: session.id });
    expect(before.overall.models.map((m) => m.latency.e2eMs.n)).toEqual([0, 0]);
    const pending = (await call('sessions.open', { sessionId: session.id })).run!;
    expect(pending.pending).toEqual({ step: first.step, comparisonId });
    await expect(call('sessions.runNext', { sessionId: session.id, comparisonId: randomUUID(), runId: run.runId, step: pending.next!.step })).rejects.toThrow(/no vote yet/);
    await expect(vote(session.id, comparisonId, 'left', { left: [0, 99], right: [] })).rejects.toThrow(/key point/);
    await vote(session.id, comparisonId, 'left', { left: [0, 1, 2], right: [1] });
    const recorded = comparisonsOf(session.id).find((c) => c.id === comparisonId)!;
    expect(recorded).toMatchObject({ userMessage: first.prompt, category: 'long-document-summary', keyPoints: first.keyPoints, run: { runId: run.runId, step: first.step, repeatOf: null } });

    const skippedStep = pending.next!.step;
    const skipped = await call('sessions.skipStep', { sessionId: session.id, runId: run.runId, step: skippedStep });
    // A prompt passed over takes its hidden repeat with it, if the plan gave it one.
    const plan = records(session.id).find((r): r is RunRecord => r.type === 'run')!;
    const passedOver = 1 + plan.steps.filter((step) => step.repeatOf === skippedStep).length;
    expect(skipped.run).toMatchObject({ voted: 1, skipped: passedOver });

    // A restart: the run resumes where it was, from the file alone.
    await harness.dispose();
    harness = createHarness(dir.path);
    for (const model of models) await harness.services.engines.launch(model.id);
    for (const model of models) await harness.waitFor(model.id, 'ready');
    const resumed = (await call('sessions.current', {}))!.run!;
    expect(resumed).toMatchObject({ runId: run.runId, total: 44, voted: 1, skipped: passedOver, pending: null });

    // Through to the first hidden repeat whose original has a vote: its sides are the original's, swapped.
    let view: RunView = resumed;
    let repeat: ComparisonRecord | undefined;
    while (!repeat && view.next) {
      const id = randomUUID();
      await call('sessions.runNext', { sessionId: session.id, comparisonId: id, runId: run.runId, step: view.next.step });
      await finished(session.id, id);
      const record = comparisonsOf(session.id).find((c) => c.id === id)!;
      // Before its vote, History's detail of a blind step says nothing that links it to the comparison it repeats.
      const detail = await call('sessions.comparison', { sessionId: session.id, comparisonId: id });
      expect(detail.record.run).toEqual({ runId: run.runId, step: view.next.step, itemId: '', repeatOf: null });
      await vote(session.id, id, 'left', { left: [0], right: [0, 1] });
      if (record.run!.repeatOf) repeat = record;
      view = (await call('sessions.open', { sessionId: session.id })).run!;
    }
    expect(repeat).toBeDefined();
    const original = comparisonsOf(session.id).find((c) => c.id === repeat!.run!.repeatOf)!;
    expect(repeat!.seed).not.toBe(original.seed);
    expect(repeat!.mapping).toEqual({ left: original.mapping.right, right: original.mapping.left });
    expect(repeat!.userMessage).toBe(original.userMessage);

    const stats = await call('stats.session', { sessionId: session.id });
    // Always "left": the same side both times, so a different model: inconsistent, and all of it position.
    expect(stats.consistency).toMatchObject({ pairs: 1, consistent: { k: 0, n: 1 }, sameSide: { k: 1, n: 1 } });
    // The repeat measures the rater: it is not counted again in the position bias or the win rates.
    expect(stats.position.leftWins).toBe(stats.votes - 1);
    expect(stats.overall.pairs[0]!.votes).toBe(stats.votes - 1);
    expect(stats.categories.map((c) => c.category)).toEqual(['long-document-summary']);
    const completeness = stats.overall.models.map((m) => m.completeness.mean);
    expect(completeness.every((c) => c !== null && c > 0 && c <= 1)).toBe(true);
  });

  it('compares two variants of one model with their settings hidden until the vote', async () => {
    const variants = [
      { label: 'cool', systemPrompt: 'Be terse.', sampling: { temperature: 0.1 } },
      { label: 'warm', systemPrompt: null, sampling: { temperature: 1.2 } },
    ];
    await expect(call('sessions.create', { name: 'Twins', profileIds: [models[0]!.id], variants: [variants[0]!, { ...variants[0]!, label: 'again' }], settings: SETTINGS })).rejects.toThrow(/same settings/);
    const session = await call('sessions.create', { name: 'Temperatures', profileIds: [models[0]!.id], variants, settings: SETTINGS });
    expect(session).toMatchObject({ modelCount: 2, variants: true, models: null });
    const shown = await turn(session.id, 'Write one line about rain.');
    for (const side of ['left', 'right'] as const) expect(shown.sides[side].settings).toEqual({ sampling: { ...SETTINGS.sampling, seed: shown.sides.left.settings.sampling.seed }, overridden: [] });
    const record = comparisonsOf(session.id).at(-1)!;
    const sideOf = (label: string) => (['left', 'right'] as const).find((side) => record.mapping[side] === variants.findIndex((v) => v.label === label))!;
    expect(record.sides[sideOf('cool')].settings).toMatchObject({ sampling: { temperature: 0.1 }, overridden: ['temperature'], systemPrompt: 'Be terse.' });
    expect(record.sides[sideOf('warm')].settings).toMatchObject({ sampling: { temperature: 1.2 }, overridden: ['temperature'] });
    expect(record.sides[sideOf('warm')].settings.systemPrompt).toBeUndefined();
    expect(record.sides.left.settings.sampling.seed).toBe(record.sides.right.settings.sampling.seed);
    const saved = await vote(session.id, shown.comparisonId, 'tie');
    expect(saved.reveal.sides[sideOf('cool')].name).toBe('Zeta four · cool');
    const revealed = await call('compare.get', { comparisonId: shown.comparisonId });
    expect(revealed.sides[sideOf('cool')].settings.systemPrompt).toBe('Be terse.');
    const vote0 = records(session.id).find((r): r is VoteRecord => r.type === 'vote')!;
    expect(vote0.keyPoints).toBeUndefined();
  });

  it('refuses a new turn while any of the session’s models is down, before drawing a pair, without naming it', async () => {
    await harness.services.engines.stop(models[2]!.id);
    await harness.waitFor(models[2]!.id, 'stopped');
    const before = comparisonsOf(threeModels).length;
    const view = await call('sessions.open', { sessionId: threeModels });
    expect(view.notReady).toBe('1 of this session’s 3 models is not ready. Launch all 3 of its profiles in Models, then send.');
    for (let i = 0; i < 3; i++) {
      await expect(call('sessions.turn', { sessionId: threeModels, comparisonId: randomUUID(), conversationId: null, userMessage: 'One more?' })).rejects.toThrow(/1 of this session’s 3 models is not ready/);
    }
    expect(comparisonsOf(threeModels)).toHaveLength(before);
  });

  it('computes statistics only while no comparison streams, so their work never lands inside a measured answer', async () => {
    // A slow server of its own (300 tokens at 300 tokens/s: a second per answer), so the turn is surely still
    // streaming when the statistics are asked for.
    const slow = harness.createProfile(emulatedDraft('Qwen/Qwen2.5-0.5B-Instruct', { VLLM_EMU_TOKENS_PER_S: '300', VLLM_EMU_OUTPUT_TOKENS: '300' }, { gpuMemoryUtilization: 0.1, name: 'Slow half' }));
    await harness.services.engines.launch(slow.id);
    await harness.waitFor(slow.id, 'ready');
    const settings = { ...SETTINGS, sampling: { ...SETTINGS.sampling, maxTokens: 400 } };
    const session = await call('sessions.create', { name: 'Quiet', profileIds: [models[0]!.id, slow.id], settings });
    const comparisonId = randomUUID();
    const started = Date.now();
    await call('sessions.turn', { sessionId: session.id, comparisonId, conversationId: null, userMessage: 'Count to twenty.' });
    const streaming = Object.values(harness.services.comparisons.get(comparisonId).sides).some((side) => side.outcome === null);
    expect(streaming).toBe(true);
    await call('stats.session', { sessionId: session.id });
    expect(Object.values(harness.services.comparisons.get(comparisonId).sides).every((side) => side.outcome !== null)).toBe(true);
    expect(Date.now() - started).toBeGreaterThan(500);
  });
});
