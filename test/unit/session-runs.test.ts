// A prompt set run inside the session index: where each step stands (open, sent, voted, skipped), what Compare is
// shown (never whether a step repeats another), a repeat of a skipped prompt passed over too, N models' columns, and
// the whole of it through a snapshot and back.
import { describe, expect, it } from 'vitest';
import type { ComparisonRecord, RunRecord, SessionHeaderRecord, SessionRecord } from '../../electron/shared/sessions';
import type { PromptSetItem } from '../../electron/shared/prompt-sets';
import { SessionIndex } from '../../electron/services/sessions/session-index';
import { statsInputOf } from '../../electron/services/stats/session-facts';
import { seededRandom } from '../support/seeded-random';
import { buildComparison, buildHeader, buildVote } from '../support/session-builders';

const item = (id: string, keyPoints: string[] = []): PromptSetItem => ({ id, prompt: `Prompt ${id}`, category: id.startsWith('sum') ? 'summary' : 'qa', systemPrompt: null, reference: null, keyPoints, lang: 'en' });

function indexOf(records: readonly SessionRecord[]): SessionIndex {
  const index = new SessionIndex(records[0] as SessionHeaderRecord, { offset: 0, byteLength: 1 });
  records.slice(1).forEach((record, i) => index.add(record, { offset: i + 1, byteLength: 1 }));
  return index;
}

describe('prompt set runs in the session index', () => {
  const random = seededRandom(21);
  const header = buildHeader(random, { models: 3 });
  const servers = { 0: 's0', 1: 's1', 2: 's2' };
  const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 9, minute)).toISOString();
  const run: RunRecord = {
    type: 'run',
    at: at(0),
    id: '5b0d4f3e-2a1c-4e8b-9f7a-6c5d4e3b2a10',
    promptSetId: 'study-sample-abc123',
    name: 'Study sample',
    items: [item('qa-1'), item('sum-1', ['dates', 'cause', 'outcome']), item('qa-2')],
    // Step 3 repeats step 1 (sum-1); step 4 repeats step 0 (qa-1).
    steps: [{ item: 0, repeatOf: null }, { item: 1, repeatOf: null }, { item: 2, repeatOf: null }, { item: 1, repeatOf: 1 }, { item: 0, repeatOf: 0 }],
    seed: 42,
    repeatShare: 0.4,
  };
  const stepComparison = (minute: number, step: number, mapping: { left: number; right: number }, repeatOf: string | null = null): ComparisonRecord => {
    const it = run.items[run.steps[step]!.item]!;
    return buildComparison(random, { at: at(minute), servers, settings: header.settings, mapping, userMessage: it.prompt, run: { runId: run.id, step, itemId: it.id, repeatOf }, category: it.category, keyPoints: it.keyPoints });
  };
  const voted = (index: SessionIndex) => (i: number) => index.votedAt(i);
  const ids = (index: SessionIndex) => (i: number) => index.idAt(i);

  it('tells open, sent, voted and skipped steps apart, and offers the first open step without saying it repeats', () => {
    const c0 = stepComparison(1, 0, { left: 2, right: 0 });
    const v0 = buildVote(random, c0, header.settings.dimensions, { at: at(2), verdict: 'left' });
    const c1 = stepComparison(3, 1, { left: 1, right: 2 });
    const index = indexOf([header, run, c0, v0, c1]);
    const view = index.runs.view(voted(index), ids(index))!;
    expect(view).toMatchObject({ runId: run.id, name: 'Study sample', total: 5, voted: 1, skipped: 0, pending: { step: 1, comparisonId: c1.id } });
    expect(view.next).toEqual({ step: 2, prompt: 'Prompt qa-2', category: 'qa', keyPoints: [], systemPrompt: null });
    expect(JSON.stringify(view)).not.toContain('repeat');
    expect(index.modelOn(index.numberOf(c0.id), 'left')).toBe(2);
    expect(index.runs.promptFacts(index.numberOf(c1.id))).toEqual({ run: { runId: run.id, step: 1, itemId: 'sum-1', repeatOf: null }, category: 'summary', keyPoints: 3 });
  });

  it('passes over a repeat whose original was skipped, and counts skips', () => {
    const c0 = stepComparison(1, 0, { left: 0, right: 1 });
    const v0 = buildVote(random, c0, header.settings.dimensions, { at: at(2), verdict: 'tie' });
    const skip1 = { type: 'skip', at: at(3), runId: run.id, step: 1 } as const;
    const index = indexOf([header, run, c0, v0, skip1]);
    expect(index.runs.stepState(run, 3, voted(index))).toEqual({ kind: 'skipped' });
    expect(index.runs.stepState(run, 4, voted(index)).kind).toBe('open');
    expect(index.runs.view(voted(index), ids(index))).toMatchObject({ voted: 1, skipped: 2, next: { step: 2 } });
  });

  it('refuses a comparison of a run it does not have, a model it does not have, and a skip of an unknown run', () => {
    const index = indexOf([header]);
    const stray = stepComparison(1, 0, { left: 0, right: 1 });
    expect(index.refusal(stray)).toMatch(/run .* is not in this session/);
    index.add(run, { offset: 1, byteLength: 1 });
    expect(index.refusal(stray)).toBeNull();
    expect(index.refusal({ ...stray, mapping: { left: 0, right: 3 } })).toMatch(/no model 4 \(it has 3\)/);
    expect(index.refusal({ ...stray, mapping: { left: 1, right: 1 } })).toMatch(/same model/);
    // A vote's key points must be the prompt's (sum-1 has three) and each ticked once.
    const summary = stepComparison(2, 1, { left: 0, right: 1 });
    index.add(summary, { offset: 2, byteLength: 1 });
    const tick = (left: number[]) => ({ ...buildVote(random, summary, [], { at: at(3), verdict: 'tie' }), keyPoints: { left, right: [] } });
    expect(index.refusal(tick([0, 2]))).toBeNull();
    expect(index.refusal(tick([3]))).toMatch(/key point the prompt's 3 do not include/);
    expect(index.refusal(tick([1, 1]))).toMatch(/twice/);
    expect(index.refusal({ type: 'skip', at: at(2), runId: 'another', step: 0 })).toMatch(/not in this session/);
  });

  it('keeps runs, skips, models and prompt facts through a snapshot', () => {
    const c0 = stepComparison(1, 0, { left: 2, right: 1 });
    const v0 = buildVote(random, c0, header.settings.dimensions, { at: at(2), verdict: 'right' });
    const c1 = stepComparison(3, 1, { left: 0, right: 2 });
    const v1 = buildVote(random, c1, header.settings.dimensions, { at: at(4), verdict: 'left', keyPoints: { left: [0, 2], right: [1] } });
    const index = indexOf([header, run, c0, v0, c1, v1, { type: 'skip', at: at(5), runId: run.id, step: 2 }]);
    const restored = SessionIndex.fromSnapshot(index.snapshot());
    expect(restored.runs.view(voted(restored), ids(restored))).toEqual(index.runs.view(voted(index), ids(index)));
    expect(restored.runs.promptFacts(1)).toEqual(index.runs.promptFacts(1));
    expect(restored.conversationMappings()).toEqual([{ left: 2, right: 1 }, { left: 0, right: 2 }]);
    const facts = statsInputOf(restored, { now: new Date(0) });
    expect(facts).toEqual(statsInputOf(index, { now: new Date(0) }));
    expect(facts.facts[1]).toMatchObject({ left: 0, right: 2, verdict: 'left', category: v1.category, completeness: { left: 2 / 3, right: 1 / 3 }, repeatOf: null });
    expect(facts.models).toEqual(header.models.map((m) => m.name));
  });
});
