import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { EngineStatus } from '../../electron/shared/engine';
import type { ModelProfile } from '../../electron/shared/profiles';
import { chromiumForFile, openAppPage } from './support/app-page';
import { startHost, type RunningHost } from './support/host-process';
import { emulatorEnv } from '../support/emulator';
import { emulatedDraft } from '../support/engine-harness';
import { HostClient } from '../support/host-client';
import { makeTempDir } from '../support/temp-dir';

// One 48 GiB GPU as nvidia-smi would report it; three small emulated servers fit on it together.
const GPUS = '[{"name":"NVIDIA RTX A6000","totalMiB":49140,"usedMiB":0}]';
// 100 tokens a second. Answers are cut at SHORT max tokens (about 3 s) where the test waits for them to finish,
// and allowed LONG (30 s, far more than the steps take on a loaded machine) where it scrolls and cancels them
// while they stream: an answer that ends before the test cancels it would make the test depend on the machine.
const PACE = { VLLM_EMU_TOKENS_PER_S: '100', VLLM_EMU_OUTPUT_TOKENS: '3000', VLLM_EMU_TTFT_MS: '80' };
const SHORT = '300';
const LONG = '3000';

describe('the Compare view in Chromium, against two emulated vLLM servers', () => {
  const browser = chromiumForFile();
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let host: RunningHost | undefined;
  let client: HostClient | undefined;
  let page: Page;
  let consoleErrors: string[];

  afterEach(async () => {
    client?.close();
    await page?.close();
    await host?.stop(); // the host stops every server it launched before exiting
    await dir?.remove();
  });

  /** Created and launched through the host's API: this test is about comparing, not about the Models view. */
  async function readyProfile(name: string, knobs: Record<string, string>): Promise<ModelProfile> {
    const draft = emulatedDraft('Qwen/Qwen2.5-0.5B-Instruct', { ...PACE, ...knobs }, { name, gpuMemoryUtilization: 0.25 });
    const profile = await client!.call<ModelProfile>('profiles.create', { draft });
    await client!.call('engines.launch', { profileId: profile.id, force: true });
    return profile;
  }
  async function waitReady(profile: ModelProfile): Promise<void> {
    const isReady = (event: string, payload: unknown) => event === 'engines.status' && (payload as EngineStatus).profileId === profile.id && (payload as EngineStatus).state === 'ready';
    await client!.waitForEvent(isReady, 30_000);
  }

  const pane = (side: 'Left' | 'Right', turn: number): Locator => page.getByRole('region', { name: `${side} answer, turn ${turn}`, exact: true });
  const paneText = (side: 'Left' | 'Right', turn: number): Promise<string> => pane(side, turn).getByRole('group', { name: `${side} answer text` }).innerText();
  const finished = (side: 'Left' | 'Right', turn: number): Promise<void> => pane(side, turn).getByText(/^(Done|Failed|Cancelled)$/).waitFor({ timeout: 30_000 });
  const prompt = (): Locator => page.getByRole('textbox', { name: 'Prompt', exact: true });

  /** In the open settings drawer: the max tokens both sides get. */
  async function setSharedMaxTokens(value: string): Promise<void> {
    const field = page.getByLabel('Max tokens for both sides', { exact: true });
    await field.fill(value);
    await expect.poll(() => field.inputValue()).toBe(value);
  }

  async function send(text: string): Promise<void> {
    await prompt().fill(text);
    await prompt().press('Control+Enter');
  }

  it('streams two answers side by side with timings, follows each unless scrolled up, continues the conversation, regenerates, cancels, and keeps a failure in its own pane', { timeout: 120_000 }, async () => {
    dir = await makeTempDir();
    host = await startHost(dir.path, emulatorEnv({ NVIDIA_SMI_EMU_GPUS: GPUS }));
    client = await HostClient.connect(host.url);

    ({ page, consoleErrors } = await openAppPage(browser(), host.url, { viewport: { width: 1400, height: 760 } }));
    await page.getByRole('heading', { name: 'Compare', level: 1 }).waitFor();

    // Until two models are ready, the view says so and points to Models.
    const notReady = page.getByRole('status').filter({ hasText: 'Comparing needs two ready models' });
    await notReady.getByText('No model is ready yet.').waitFor();
    expect(await notReady.getByRole('button', { name: 'Open Models' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    // One at a time: servers sharing a GPU load in turn anyway (and see the report about three queued at once).
    const alpha = await readyProfile('Alpha', {});
    await waitReady(alpha);
    await notReady.getByText('Only Alpha is ready.').waitFor();
    await waitReady(await readyProfile('Beta', {}));
    await notReady.waitFor({ state: 'detached' });
    await waitReady(await readyProfile('Crashy', { VLLM_EMU_DIE_AFTER_TOKENS: '20' }));

    // Pick the pair; give the left side its own max tokens (shown next to its answer, and it cuts the answer).
    await page.getByRole('combobox', { name: 'Left model' }).selectOption({ label: 'Alpha' });
    await page.getByRole('combobox', { name: 'Right model' }).selectOption({ label: 'Beta' });
    await page.getByRole('button', { name: /^Sampling & system prompt/ }).click();
    await setSharedMaxTokens(SHORT);
    await page.getByLabel('Left max tokens', { exact: true }).fill('40');
    await page.getByText('Own sampling for this side: max tokens 40').waitFor();
    await page.getByRole('button', { name: /^Sampling & system prompt/ }).click();

    // Turn 1: Ctrl+Enter sends; both answers grow at the same time.
    await send('Compare two ways to measure latency.');
    await page.getByRole('group', { name: 'Your message, turn 1' }).waitFor();
    expect(await prompt().isDisabled()).toBe(true);
    await expect.poll(async () => (await paneText('Left', 1)).length > 0 && (await paneText('Right', 1)).length > 0, { timeout: 15_000 }).toBe(true);
    const early = { left: (await paneText('Left', 1)).length, right: (await paneText('Right', 1)).length };
    await expect.poll(async () => (await paneText('Left', 1)).length > early.left && (await paneText('Right', 1)).length > early.right, { timeout: 10_000 }).toBe(true);

    // Timings under both panes once each side is done; the left one was cut at its max tokens.
    await Promise.all([finished('Left', 1), finished('Right', 1)]);
    for (const side of ['Left', 'Right'] as const) {
      const timings = await pane(side, 1).getByRole('group', { name: 'Timings', exact: true }).innerText();
      expect(timings).toMatch(/TTFT \d+ ms/);
      expect(timings).toMatch(/decode [\d.]+ tok\/s/);
      expect(timings).toMatch(/total [\d.]+ (ms|s)/);
      expect(timings).toMatch(/output [\d,]+ tokens/);
      expect(await pane(side, 1).getByText(/ITL p50 .* TPOT/).isVisible()).toBe(true);
    }
    await pane('Left', 1).getByText('Stopped at max tokens').waitFor();
    expect(await pane('Left', 1).getByText('Own sampling for this side: max tokens 40').isVisible()).toBe(true);
    expect(await pane('Right', 1).getByText(/Own sampling/).count()).toBe(0);
    expect(await pane('Left', 1).getByRole('group', { name: 'Timings', exact: true }).innerText()).toMatch(/output 40 tokens/);
    // Markdown is rendered, not shown as source (the emulator's answers begin with a heading).
    expect(await pane('Right', 1).getByRole('heading').count()).toBeGreaterThan(0);

    // Turn 2 continues the conversation: both prompts stay visible, each side's answers below each.
    await send('Now make it shorter.');
    await page.getByRole('group', { name: 'Your message, turn 2' }).waitFor();
    await Promise.all([finished('Left', 2), finished('Right', 2)]);
    expect(await page.getByRole('group', { name: /^Your message, turn/ }).count()).toBe(2);
    expect(await pane('Left', 1).isVisible()).toBe(true);

    // Regenerate runs the last turn again on both sides together.
    await page.getByRole('button', { name: 'Regenerate both answers' }).click();
    await page.getByRole('group', { name: 'Your message, turn 2' }).getByText('regenerated').waitFor();
    await Promise.all([finished('Left', 2), finished('Right', 2)]);
    expect(await page.getByRole('group', { name: /^Your message, turn/ }).count()).toBe(2);

    // Turn 3: cancel one side, then Escape cancels the rest; the partial text stays.
    await page.getByRole('button', { name: /^Sampling & system prompt/ }).click();
    await page.getByLabel('Left max tokens', { exact: true }).fill('');
    await setSharedMaxTokens(LONG);
    await page.getByRole('button', { name: /^Sampling & system prompt/ }).click();
    await send('Explain it once more, at length.');
    await expect.poll(async () => (await paneText('Left', 3)).length > 20 && (await paneText('Right', 3)).length > 20, { timeout: 15_000 }).toBe(true);
    // Each pane follows its end, until the reader scrolls up in it: then it stays where they are reading.
    const leftBox = pane('Left', 3).getByRole('group', { name: 'Left answer text' });
    const rightBox = pane('Right', 3).getByRole('group', { name: 'Right answer text' });
    // Where the text ends in the scrolled content (while it streams, empty room follows it), and how far that
    // is below the visible part.
    const textEnd = (box: Locator) => box.evaluate((el) => el.querySelector<HTMLElement>('.answer-runway')?.offsetTop ?? el.scrollHeight);
    const belowView = async (box: Locator) => (await textEnd(box)) - (await box.evaluate((el) => el.scrollTop + el.clientHeight));
    const boxHeight = await leftBox.evaluate((el) => el.clientHeight);
    await expect.poll(() => textEnd(leftBox), { timeout: 10_000 }).toBeGreaterThan(boxHeight + 150);
    expect(await belowView(leftBox)).toBeLessThan(25);
    await leftBox.hover();
    await page.mouse.wheel(0, -400);
    const endThen = await textEnd(leftBox);
    await expect.poll(() => textEnd(leftBox), { timeout: 10_000 }).toBeGreaterThan(endThen + 40);
    expect(await belowView(leftBox)).toBeGreaterThan(60);
    expect(await belowView(rightBox)).toBeLessThan(25);
    await pane('Right', 3).getByRole('button', { name: 'Cancel the right answer' }).click();
    await pane('Right', 3).getByText('Cancelled: the partial answer above is kept.').waitFor();
    expect(await pane('Left', 3).getByText('Cancelled').count()).toBe(0); // the other side goes on
    await page.keyboard.press('Escape');
    await pane('Left', 3).getByText('Cancelled: the partial answer above is kept.').waitFor();
    expect((await paneText('Left', 3)).length).toBeGreaterThan(20);
    expect((await paneText('Right', 3)).length).toBeGreaterThan(20);
    await expect.poll(() => prompt().isEnabled()).toBe(true);

    // Escape straight after sending (before any text) still cancels both sides.
    await send('Never mind.');
    await page.keyboard.press('Escape');
    for (const side of ['Left', 'Right'] as const) await pane(side, 4).getByText('Cancelled', { exact: true }).waitFor();

    // A server that dies mid-answer: the error shows in its pane only; the other side finishes normally.
    await page.getByRole('button', { name: /^Sampling & system prompt/ }).click();
    await setSharedMaxTokens(SHORT);
    await page.getByRole('button', { name: /^Sampling & system prompt/ }).click();
    await page.getByRole('combobox', { name: 'Right model' }).selectOption({ label: 'Crashy' });
    await page.getByText('New conversation: the models changed.').waitFor();
    expect(await page.getByRole('group', { name: /^Your message, turn/ }).count()).toBe(0);
    await send('Tell me about caches.');
    await Promise.all([finished('Left', 1), finished('Right', 1)]);
    const failure = pane('Right', 1).getByRole('alert');
    await failure.waitFor();
    expect(await failure.innerText()).toMatch(/went away mid-answer|closed the connection/);
    expect(await pane('Left', 1).getByRole('alert').count()).toBe(0);
    expect(await pane('Left', 1).getByText('Done', { exact: true }).isVisible()).toBe(true);
    expect(await pane('Left', 1).getByRole('group', { name: 'Timings', exact: true }).innerText()).toMatch(/TTFT \d+ ms/);
    expect((await paneText('Right', 1)).length).toBeGreaterThan(0); // what arrived before it died is kept

    expect(consoleErrors).toEqual([]);
  });
});
