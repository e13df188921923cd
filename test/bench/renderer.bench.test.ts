import { afterAll, beforeAll, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { EngineStatus } from '../../electron/shared/engine';
import type { ModelProfile } from '../../electron/shared/profiles';
import buildOnce from '../e2e/support/build-once';
import { launchChromium } from '../e2e/support/browser';
import { startHost, type RunningHost } from '../e2e/support/host-process';
import { emulatorEnv } from '../support/emulator';
import { emulatedDraft } from '../support/engine-harness';
import { HostClient } from '../support/host-client';
import { makeTempDir } from '../support/temp-dir';
import { percentile, recordResults, round } from './support/results';

// The Compare view under a fast pair of streams: two emulated servers writing 4,000 markdown tokens each at
// 500 tokens/s (about 8 s), read through the UI in Chromium. Two figures, both measured in the page while the
// streams run:
//  renderer_longest_task_ms  the longest main-thread task ('longtask' entries, 50 ms and over; 0 when none)
//  renderer_p95_frame_ms     p95 of the gaps between requestAnimationFrame callbacks (16.7 ms at 60 Hz)
const GPUS = '[{"name":"NVIDIA RTX A6000","totalMiB":49140,"usedMiB":0}]';
const OUTPUT_TOKENS = 4000;
const KNOBS = { VLLM_EMU_TOKENS_PER_S: '500', VLLM_EMU_OUTPUT_TOKENS: String(OUTPUT_TOKENS), VLLM_EMU_TEXT: 'markdown' };

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let host: RunningHost;
let client: HostClient;
let browser: Browser;

beforeAll(async () => {
  await buildOnce(); // the bench config has no e2e globalSetup: build the renderer and host first
  dir = await makeTempDir('pairwise-bench-');
  host = await startHost(dir.path, emulatorEnv({ NVIDIA_SMI_EMU_GPUS: GPUS }));
  client = await HostClient.connect(host.url);
  browser = await launchChromium();
});
afterAll(async () => {
  client?.close();
  await browser?.close();
  await host?.stop();
  await dir?.remove();
});

async function readyProfile(name: string): Promise<void> {
  const draft = emulatedDraft('Qwen/Qwen2.5-0.5B-Instruct', KNOBS, { name, gpuMemoryUtilization: 0.3, maxModelLen: 16_384 });
  const profile = await client.call<ModelProfile>('profiles.create', { draft });
  await client.call('engines.launch', { profileId: profile.id, force: true });
  const isReady = (event: string, payload: unknown) => event === 'engines.status' && (payload as EngineStatus).profileId === profile.id && (payload as EngineStatus).state === 'ready';
  await client.waitForEvent(isReady, 60_000);
}

/** Starts the in-page probes: long tasks and frame gaps, kept on window until collected. */
async function startProbes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = { longTasks: [] as number[], frames: [] as number[], running: true };
    (window as unknown as { __probe: typeof probe }).__probe = probe;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => probe.longTasks.push(entry.duration))).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (now: number) => {
      probe.frames.push(now - last);
      last = now;
      if (probe.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function collectProbes(page: Page): Promise<{ longTasks: number[]; frames: number[] }> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __probe: { longTasks: number[]; frames: number[]; running: boolean } }).__probe;
    probe.running = false;
    return { longTasks: probe.longTasks, frames: probe.frames.slice(1) };
  });
}

it('keeps the Compare view responsive while two 4,000-token answers stream at 500 tokens/s', async () => {
  await readyProfile('Fast A');
  await readyProfile('Fast B');
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(host.url);
  await page.getByRole('combobox', { name: 'Left model' }).selectOption({ label: 'Fast A' });
  await page.getByRole('combobox', { name: 'Right model' }).selectOption({ label: 'Fast B' });
  await page.getByRole('button', { name: /^Sampling & system prompt/ }).click();
  await page.getByLabel('Max tokens for both sides', { exact: true }).fill(String(OUTPUT_TOKENS));
  await page.getByRole('button', { name: /^Sampling & system prompt/ }).click();
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill('Write a long markdown report on serving latency.');

  // The API client of this test would be a second receiver of every streamed delta (the host serialises them
  // for each socket, and this process would parse them): it is closed so that only the page does that work.
  client.close();

  await startProbes(page);
  const started = performance.now();
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).press('Control+Enter');
  // A cheap check four times a second, not locator polling: Playwright's text and role queries walk the whole
  // DOM, and during the measurement that would show up in it.
  await page.waitForFunction(() => document.querySelectorAll('.answer-footer').length >= 2, undefined, { polling: 250, timeout: 120_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const streamedMs = performance.now() - started;
  const { longTasks, frames } = await collectProbes(page);
  const tokens = await page.getByRole('region', { name: 'Left answer, turn 1' }).getByRole('group', { name: 'Timings' }).innerText();
  if (!tokens.includes(`output ${OUTPUT_TOKENS.toLocaleString('en-US')} tokens`)) throw new Error(`the left answer was not ${OUTPUT_TOKENS} tokens: ${tokens}`);
  await page.close();

  recordResults('renderer', {
    renderer_longest_task_ms: round(longTasks.length > 0 ? Math.max(...longTasks) : 0),
    renderer_p95_frame_ms: round(percentile(frames, 95)),
    renderer_long_tasks: longTasks.length,
    renderer_frames: frames.length,
    renderer_stream_s: round(streamedMs / 1000),
  });
});
