// What a blind turn lets out: the app's own sentences scrubbed of whatever names a side's model, and under
// equal reveal nothing of either side until both are over, and no timings until the reveal.
import { describe, expect, it } from 'vitest';
import type { ComparisonDelta, ComparisonSnapshot, SideFinished, SideOutcome } from '../../electron/shared/compare';
import type { Reveal } from '../../electron/shared/sessions';
import { blindError, HIDDEN_TIMINGS, scrubIdentifying, TurnPublisher, type BlindPolicy } from '../../electron/services/compare/turn-publisher';

const TIMINGS = { ttftMs: 12, firstContentMs: 13, e2eMs: 400, itlP50Ms: 4, itlP95Ms: 9, tpotMs: 5, decodeTokensPerS: 200, outputTokens: 80, promptTokens: 20, serverTtftMs: 11 };
const DONE: SideOutcome = { kind: 'done', finishReason: 'stop', timings: TIMINGS };
const IDENTIFYING = {
  left: ['profile-qwen3', 'Qwen3 4B', 'Qwen/Qwen3-4B-Instruct-2507', 'http://127.0.0.1:41234/v1', 'http://127.0.0.1:41234', '127.0.0.1:41234', '41234'],
  right: ['profile-qwen2', 'Qwen2 7B', 'Qwen/Qwen2-7B-Instruct', 'http://127.0.0.1:41999/v1', 'http://127.0.0.1:41999', '127.0.0.1:41999', '41999'],
};
const REVEAL: Reveal = {
  sessionId: 's',
  comparisonId: 'c',
  sides: { left: { model: 0, name: 'Qwen3 4B', servedName: 'Qwen/Qwen3-4B-Instruct-2507', source: 'Qwen/Qwen3-4B-Instruct-2507' }, right: { model: 1, name: 'Qwen2 7B', servedName: 'Qwen/Qwen2-7B-Instruct', source: 'Qwen/Qwen2-7B-Instruct' } },
  outcomes: null,
};

function publisher(policy: Partial<BlindPolicy>) {
  const deltas: ComparisonDelta[] = [];
  const finished: SideFinished[] = [];
  const p = new TurnPublisher('c', { blind: true, equalReveal: false, blindSettings: null, identifying: IDENTIFYING, ...policy }, { delta: (d) => deltas.push(d), finished: (f) => finished.push(f) }, () => REVEAL);
  return { p, deltas, finished };
}

function error(message: string, serverMessage: string | null): SideOutcome {
  return { kind: 'error', error: { kind: 'model-not-found', message, httpStatus: 404, serverMessage }, timings: TIMINGS };
}

describe('TurnPublisher', () => {
  it('scrubs names, served names, sources and addresses from a blind side error, and leaves the answer text alone', () => {
    const { p, deltas, finished } = publisher({});
    p.delta({ comparisonId: 'c', side: 'left', content: 'I am a helpful model.', reasoning: '' });
    p.finished('left', error('The server does not serve model Qwen/Qwen3-4B-Instruct-2507. Nothing answers at http://127.0.0.1:41234 — Qwen3 4B is down.', 'The model `Qwen/Qwen3-4B-Instruct-2507` does not exist on port 41234.'), false);
    expect(deltas).toEqual([{ comparisonId: 'c', side: 'left', content: 'I am a helpful model.', reasoning: '' }]);
    const sent = JSON.stringify(finished);
    for (const needle of IDENTIFYING.left) expect(sent).not.toContain(needle);
    expect(finished[0]!.outcome).toMatchObject({ error: { message: "The server does not serve model this side's model. Nothing answers at this side's server — this side's model is down." } });
  });

  it('shows everything as it is outside blind mode, and after the reveal', () => {
    const open = publisher({ blind: false });
    open.p.finished('left', error('Qwen3 4B failed.', null), false);
    expect(open.finished[0]!.outcome).toMatchObject({ error: { message: 'Qwen3 4B failed.' } });
    const blind = publisher({});
    blind.p.markRevealed(REVEAL);
    blind.p.finished('right', error('Qwen2 7B failed.', null), false);
    expect(blind.finished[0]!.outcome).toMatchObject({ error: { message: 'Qwen2 7B failed.' } });
  });

  it('under equal reveal holds both sides until the second is over, then sends text before outcomes, timings hidden', () => {
    const { p, deltas, finished } = publisher({ equalReveal: true });
    p.delta({ comparisonId: 'c', side: 'left', content: 'Fast ', reasoning: '' });
    p.delta({ comparisonId: 'c', side: 'left', content: 'answer.', reasoning: '' });
    p.finished('left', DONE, false);
    p.delta({ comparisonId: 'c', side: 'right', content: 'Slow answer.', reasoning: 'thinking' });
    expect(deltas).toEqual([]);
    expect(finished).toEqual([]);
    p.finished('right', DONE, true);
    expect(deltas).toEqual([
      { comparisonId: 'c', side: 'left', content: 'Fast answer.', reasoning: '' },
      { comparisonId: 'c', side: 'right', content: 'Slow answer.', reasoning: 'thinking' },
    ]);
    expect(finished.map((f) => [f.side, f.outcome.timings])).toEqual([['left', HIDDEN_TIMINGS], ['right', HIDDEN_TIMINGS]]);
  });

  it('views a snapshot by the same rules: nothing of either side before both are over under equal reveal', () => {
    const { p } = publisher({ equalReveal: true });
    const side = (outcome: SideOutcome | null) => ({ content: 'text', reasoning: '', outcome, settings: { sampling: { temperature: 1, topP: 1, maxTokens: 8, seed: null }, overridden: [] } });
    const snapshot: ComparisonSnapshot = { comparisonId: 'c', sessionId: 's', reveal: null, conversationId: 'v', turn: 1, userMessage: 'q', startedAt: 0, sides: { left: side(DONE), right: side(null) } };
    expect(p.view(snapshot).sides.left).toMatchObject({ content: '', outcome: null });
    const over = { ...snapshot, sides: { left: side(DONE), right: side(DONE) } };
    expect(p.view(over).sides.left).toMatchObject({ content: 'text', outcome: { timings: HIDDEN_TIMINGS } });
    p.markRevealed(REVEAL);
    expect(p.view(over)).toMatchObject({ reveal: REVEAL, sides: { left: { outcome: { timings: TIMINGS } } } });
  });

  it('shows both sides the shared settings in a blind variant session, and each its own after the reveal', () => {
    const shared = { sampling: { temperature: 0.7, topP: 1, maxTokens: 8, seed: 3 }, overridden: [] };
    const { p } = publisher({ blindSettings: shared });
    const own = (temperature: number, systemPrompt?: string) => ({ sampling: { ...shared.sampling, temperature }, overridden: ['temperature' as const], ...(systemPrompt && { systemPrompt }) });
    const snapshot: ComparisonSnapshot = {
      comparisonId: 'c', sessionId: 's', reveal: null, conversationId: 'v', turn: 1, userMessage: 'q', startedAt: 0,
      sides: { left: { content: 'a', reasoning: '', outcome: DONE, settings: own(0.1, 'Be terse.') }, right: { content: 'b', reasoning: '', outcome: DONE, settings: own(1.2) } },
    };
    const blind = p.view(snapshot);
    expect(blind.sides.left.settings).toEqual(shared);
    expect(blind.sides.right.settings).toEqual(shared);
    expect(JSON.stringify(blind)).not.toMatch(/terse|1\.2|0\.1/);
    p.markRevealed(REVEAL);
    expect(p.view(snapshot).sides.left.settings).toEqual(own(0.1, 'Be terse.'));
  });
});

describe('blindError', () => {
  it('tells a context-length refusal without its figures, which could name the model', () => {
    const error = { kind: 'context-length' as const, message: "The prompt is 40 tokens; this server's context is 32,768.", httpStatus: 400, serverMessage: "This model's maximum context length is 32768 tokens." };
    const blind = blindError(error, IDENTIFYING.left);
    expect(blind).toMatchObject({ kind: 'context-length', httpStatus: 400, serverMessage: null });
    expect(blind.message).not.toMatch(/\d/);
  });
});

describe('scrubIdentifying', () => {
  it('replaces longest first and ignores case', () => {
    expect(scrubIdentifying('GET http://127.0.0.1:41234/v1/models from qwen3 4b', IDENTIFYING.left)).toBe("GET this side's server/models from this side's model");
  });
});
