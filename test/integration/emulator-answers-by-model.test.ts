// Blind tests need to tell the two sides apart by their text, and to catch a leak: the emulator seeds its answers by
// the served name too, so two models asked the same thing with the same seed answer differently, and one model
// answers the same way every time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServingEmulator, type ServingEmulator } from '../support/serving-emulator';

async function answer(emu: ServingEmulator, seed: number): Promise<string> {
  const response = await fetch(`${emu.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: emu.model, messages: [{ role: 'user', content: 'Did Einstein win the Nobel Prize for relativity?' }], seed, max_tokens: 60 }),
  });
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  return body.choices[0]!.message.content;
}

describe('the emulator answers by model', () => {
  let small: ServingEmulator;
  let large: ServingEmulator;
  beforeAll(async () => {
    [small, large] = await Promise.all([startServingEmulator({ model: 'Qwen/Qwen3-4B-Instruct-2507' }), startServingEmulator({ model: 'Qwen/Qwen2-7B-Instruct' })]);
  });
  afterAll(() => {
    small?.stop();
    large?.stop();
  });

  it('gives two models different answers to the same messages and seed, and each the same answer again', async () => {
    const [a, b, again] = await Promise.all([answer(small, 7), answer(large, 7), answer(small, 7)]);
    expect(a).not.toBe(b);
    expect(again).toBe(a);
    expect(await answer(small, 8)).not.toBe(a);
  });
});
