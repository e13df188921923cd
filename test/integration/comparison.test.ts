import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIDES, type ChatMessage, type ComparisonSnapshot } from '../../electron/shared/compare';
import type { ModelProfile } from '../../electron/shared/profiles';
import { readEvents } from '../bench/support/emulator-events';
import { compareAndWait, SAMPLING, startRequest } from '../support/compare-harness';
import { createHarness, emulatedDraft, type Harness } from '../support/engine-harness';
import { makeTempDir } from '../support/temp-dir';
import { waitUntil } from '../../electron/services/engines/process/process-group';

interface ReceivedBody {
  messages: ChatMessage[];
  temperature: number;
  top_p: number;
  max_tokens: number;
  seed?: number;
  stream: boolean;
  stream_options?: { include_usage: boolean };
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  if (!(await waitUntil(condition, timeoutMs, 25))) throw new Error('condition not met in time');
}

describe('a comparison between two emulated servers', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let harness: Harness;
  let left: ModelProfile;
  let right: ModelProfile;
  const eventsOf = (name: string) => join(dir.path, `${name}.events.jsonl`);
  /** Chat requests a server received, warm-up first. */
  const received = (name: string): ReceivedBody[] =>
    readEvents(eventsOf(name))
      .filter((e) => e.event === 'request_received' && e.path === '/v1/chat/completions')
      .map((e) => e.body as ReceivedBody);
  /** The latest request a server received for this user message (each test uses its own words). */
  const bodyFor = (name: string, userMessage: string): ReceivedBody => {
    const found = received(name).filter((b) => b.messages.at(-1)?.content === userMessage).at(-1);
    if (!found) throw new Error(`${name} received nothing for "${userMessage}"`);
    return found;
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    harness = createHarness(dir.path);
    left = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_EVENTS_FILE: eventsOf('left'), VLLM_EMU_TOKENS_PER_S: '400' }, { gpuMemoryUtilization: 0.35, name: 'left' }));
    right = harness.createProfile(emulatedDraft('Qwen/Qwen2-7B-Instruct', { VLLM_EMU_EVENTS_FILE: eventsOf('right'), VLLM_EMU_TOKENS_PER_S: '400' }, { gpuMemoryUtilization: 0.55, name: 'right' }));
    await harness.services.engines.launch(left.id);
    await harness.services.engines.launch(right.id);
    await harness.waitFor(left.id, 'ready');
    await harness.waitFor(right.id, 'ready');
  });
  afterAll(async () => {
    await harness.dispose();
    await dir.remove();
  });

  it('warms each server up once it is ready, before any comparison', async () => {
    await compareAndWait(harness, startRequest(left.id, right.id));
    for (const side of ['left', 'right']) {
      const [warmup] = received(side);
      expect(warmup).toMatchObject({ max_tokens: 1, messages: [{ role: 'user', content: 'Hello' }] });
    }
    expect(harness.services.engines.logsOf(left.id).tail().some((l) => l.stream === 'app' && /Warm-up request answered in \d+ ms/.test(l.text))).toBe(true);
  });

  it('sends both servers the same messages and settings, streams both, and times both', async () => {
    const { snapshot, finished, deltas } = await compareAndWait(harness, startRequest(left.id, right.id, { userMessage: 'Same words for both.' }));
    const [l, r] = [bodyFor('left', 'Same words for both.'), bodyFor('right', 'Same words for both.')];
    expect(l.messages).toEqual([{ role: 'system', content: 'You are concise.' }, { role: 'user', content: 'Same words for both.' }]);
    expect(r.messages).toEqual(l.messages);
    for (const body of [l, r]) {
      expect(body).toMatchObject({ temperature: SAMPLING.temperature, top_p: SAMPLING.topP, max_tokens: SAMPLING.maxTokens, seed: SAMPLING.seed, stream: true, stream_options: { include_usage: true } });
    }
    expect(finished.map((f) => f.outcome.kind)).toEqual(['done', 'done']);
    for (const side of ['left', 'right'] as const) {
      const { outcome, content } = snapshot.sides[side];
      expect(content.length).toBeGreaterThan(20);
      const timings = outcome!.timings;
      expect(timings.ttftMs).toBeGreaterThan(30); // the emulator's default TTFT is 40 ms
      expect(timings.outputTokens).toBeGreaterThan(1);
      expect(timings.decodeTokensPerS).toBeGreaterThan(300);
      expect(timings.serverTtftMs).not.toBeNull();
    }
    // Batched relay: far fewer messages than tokens.
    const tokens = snapshot.sides.left.outcome!.timings.outputTokens! + snapshot.sides.right.outcome!.timings.outputTokens!;
    expect(deltas).toBeLessThan(tokens / 2);
  });

  it('applies a per-side override to that side only, and records it', async () => {
    const { snapshot } = await compareAndWait(harness, startRequest(left.id, right.id, { userMessage: 'Override test.', overrides: { right: { temperature: 0.2 } } }));
    const [l, r] = [bodyFor('left', 'Override test.'), bodyFor('right', 'Override test.')];
    expect(l.temperature).toBe(0.7);
    expect(r.temperature).toBe(0.2);
    expect({ ...l, temperature: 0, model: '' }).toEqual({ ...r, temperature: 0, model: '' });
    expect(snapshot.sides.right.settings.overridden).toEqual(['temperature']);
    expect(snapshot.sides.left.settings.overridden).toEqual([]);
  });

  it('continues a conversation: each side sees its own earlier answer', async () => {
    const first = await compareAndWait(harness, startRequest(left.id, right.id, { userMessage: 'Turn one.' }));
    const second = await compareAndWait(harness, startRequest(left.id, right.id, { conversationId: first.snapshot.conversationId, userMessage: 'Turn two.' }));
    expect(second.snapshot.turn).toBe(2);
    for (const side of ['left', 'right'] as const) {
      const body = bodyFor(side, 'Turn two.');
      expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
      expect(body.messages[2]!.content).toBe(first.snapshot.sides[side].content);
      expect(body.messages[3]!.content).toBe('Turn two.');
    }
  });

  it('regenerates both sides of the last turn together', async () => {
    const first = await compareAndWait(harness, startRequest(left.id, right.id, { userMessage: 'Once more.' }));
    const count = (side: string) => received(side).filter((b) => b.messages.at(-1)?.content === 'Once more.').length;
    const reply = await harness.services.dispatch('compare.regenerate', { comparisonId: first.snapshot.comparisonId, newComparisonId: randomUUID() });
    expect(reply.ok).toBe(true);
    const again = (reply as { value: ComparisonSnapshot }).value;
    expect(again.turn).toBe(1);
    expect(again.comparisonId).not.toBe(first.snapshot.comparisonId);
    await waitFor(() => SIDES.every((side) => harness.services.comparisons.get(again.comparisonId).sides[side].outcome !== null));
    expect(count('left')).toBe(2);
    expect(count('right')).toBe(2);
  });

  it('cancels one side: the other finishes normally', async () => {
    const slowRight = startRequest(left.id, right.id, { sampling: { ...SAMPLING, maxTokens: 2000 }, userMessage: 'Write a long essay about GPUs and memory.' });
    const finished: { side: string; kind: string }[] = [];
    const off = harness.services.bus.on('compare.sideFinished', (f) => finished.push({ side: f.side, kind: f.outcome.kind }));
    const reply = (await harness.services.dispatch('compare.start', slowRight)) as { value: ComparisonSnapshot };
    // Mid-answer: once some text has arrived, not after a guessed delay (a loaded machine may not have any yet).
    await waitFor(() => harness.services.comparisons.get(reply.value.comparisonId).sides.right.content.length > 0);
    harness.services.dispatch('compare.cancel', { comparisonId: reply.value.comparisonId, side: 'right' });
    const deadline = Date.now() + 15_000;
    while (finished.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    off();
    expect(finished.find((f) => f.side === 'right')?.kind).toBe('cancelled');
    expect(finished.find((f) => f.side === 'left')?.kind).toBe('done');
    const snapshot = harness.services.comparisons.get(reply.value.comparisonId);
    expect(snapshot.sides.right.content.length).toBeGreaterThan(0); // partial text kept
  });

  it('honours a cancel sent right after the start, before anything was written', async () => {
    const reply = (await harness.services.dispatch('compare.start', startRequest(left.id, right.id, { userMessage: 'Cancel me at once.' }))) as { value: ComparisonSnapshot };
    harness.services.comparisons.cancel(reply.value.comparisonId);
    await waitFor(() => SIDES.every((side) => harness.services.comparisons.get(reply.value.comparisonId).sides[side].outcome !== null));
    const snapshot = harness.services.comparisons.get(reply.value.comparisonId);
    expect([snapshot.sides.left.outcome?.kind, snapshot.sides.right.outcome?.kind]).toEqual(['cancelled', 'cancelled']);
    expect(received('left').some((b) => b.messages.at(-1)?.content === 'Cancel me at once.')).toBe(false);
  });

  it('runs one turn at a time: a second prompt sent in the same moment, or a regenerate while a turn runs, is refused', async () => {
    const first = await compareAndWait(harness, startRequest(left.id, right.id, { userMessage: 'One at a time.' }));
    const next = startRequest(left.id, right.id, { conversationId: first.snapshot.conversationId, userMessage: 'Twice at once.' });
    // Two windows (or a double send) in the same tick: exactly one becomes turn 2.
    const [a, b] = await Promise.all([harness.services.dispatch('compare.start', next), harness.services.dispatch('compare.start', next)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect((a.ok ? b : a)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('still coming') } });
    // Turn 1 is still the last finished turn, but regenerating it now would race turn 2.
    const regenerate = await harness.services.dispatch('compare.regenerate', { comparisonId: first.snapshot.comparisonId, newComparisonId: randomUUID() });
    expect(regenerate).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const running = ((a.ok ? a : b) as { value: ComparisonSnapshot }).value;
    const done = (comparisonId: string) => () => Object.values(harness.services.comparisons.get(comparisonId).sides).every((side) => side.outcome !== null);
    await waitFor(done(running.comparisonId));
    // Two regenerates of the finished turn 2 in the same tick: one runs.
    const twice = await Promise.all([0, 1].map(() => harness.services.dispatch('compare.regenerate', { comparisonId: running.comparisonId, newComparisonId: randomUUID() })));
    expect(twice.map((r) => r.ok).sort()).toEqual([false, true]);
    const regenerated = (twice.find((r) => r.ok) as { value: ComparisonSnapshot }).value;
    await waitFor(done(regenerated.comparisonId));
    // Turn 2 reached each server twice: once sent, once regenerated.
    for (const side of ['left', 'right']) expect(received(side).filter((body) => body.messages.at(-1)?.content === 'Twice at once.')).toHaveLength(2);
  });

  it('refuses a comparison with a server that is not ready, naming it', async () => {
    const idle = harness.createProfile(emulatedDraft('Qwen/Qwen2.5-0.5B-Instruct', {}, { name: 'Idle one' }));
    const reply = await harness.services.dispatch('compare.start', startRequest(left.id, idle.id));
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Idle one is not ready') } });
  });
});

describe('a server that dies mid-answer', () => {
  it('fails its own side only, with a message saying what happened', async () => {
    const dir = await makeTempDir();
    const harness = createHarness(dir.path);
    try {
      const good = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_TOKENS_PER_S: '200' }, { gpuIndices: [0] }));
      const dying = harness.createProfile(emulatedDraft('Qwen/Qwen2.5-0.5B-Instruct', { VLLM_EMU_DIE_AFTER_TOKENS: '15', VLLM_EMU_TOKENS_PER_S: '200' }, { gpuIndices: [1] }));
      await Promise.all([harness.services.engines.launch(good.id, true), harness.services.engines.launch(dying.id, true)]);
      await Promise.all([harness.waitFor(good.id, 'ready'), harness.waitFor(dying.id, 'ready')]);
      const { snapshot } = await compareAndWait(harness, startRequest(good.id, dying.id, { userMessage: 'Tell me a long story about a lighthouse keeper.' }));
      expect(snapshot.sides.left.outcome?.kind).toBe('done');
      const outcome = snapshot.sides.right.outcome!;
      expect(outcome.kind).toBe('error');
      expect(outcome.kind === 'error' && outcome.error.kind).toBe('connection-reset');
      expect(snapshot.sides.right.content.length).toBeGreaterThan(0);
      await harness.waitFor(dying.id, 'crashed');
    } finally {
      await harness.dispose();
      await dir.remove();
    }
  });
});


describe('quitting while a comparison waits for a warm-up', () => {
  it('sends nothing more: the waiting prompt is refused, the warm-ups are cancelled', async () => {
    const dir = await makeTempDir();
    const harness = createHarness(dir.path);
    const events = (name: string) => join(dir.path, `${name}.events.jsonl`);
    try {
      // A 3 s first token: the warm-up is still running when the prompt arrives.
      const knobs = (name: string) => ({ VLLM_EMU_TTFT_MS: '3000', VLLM_EMU_EVENTS_FILE: events(name) });
      const a = harness.createProfile(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', knobs('a'), { gpuIndices: [0] }));
      const b = harness.createProfile(emulatedDraft('Qwen/Qwen2.5-0.5B-Instruct', knobs('b'), { gpuIndices: [1] }));
      await Promise.all([harness.services.engines.launch(a.id, true), harness.services.engines.launch(b.id, true)]);
      await Promise.all([harness.waitFor(a.id, 'ready'), harness.waitFor(b.id, 'ready')]);
      let finished = 0;
      harness.services.bus.on('compare.sideFinished', () => (finished += 1));
      const chats = (name: string) => readEvents(events(name)).filter((e) => e.event === 'request_received' && e.path === '/v1/chat/completions');
      // Both warm-ups are on their way (each server has the request, and has 3 s to go before its first token).
      await waitFor(() => chats('a').length === 1 && chats('b').length === 1);
      const reply = harness.services.dispatch('compare.start', startRequest(a.id, b.id, { userMessage: 'Too late.' }));
      await harness.dispose();
      // Cancelled, not awaited: had the quit waited for the warm-ups, their first tokens would have been sent.
      for (const name of ['a', 'b']) expect(readEvents(events(name)).filter((e) => e.event === 'first_token_sent')).toEqual([]);
      expect(await reply).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('shutting down') } });
      expect(finished).toBe(0);
      for (const name of ['a', 'b']) expect(chats(name).map((e) => (e.body as ReceivedBody).messages.at(-1)?.content)).toEqual(['Hello']); // the warm-up only
    } finally {
      await harness.dispose();
      await dir.remove();
    }
  });
});
