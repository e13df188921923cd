// The blind flow in Chromium against two emulated vLLM servers: a blind session voted from the keyboard
// with scores; before each vote neither the page nor any WebSocket frame it received names a model (name,
// served name, source, profile id, port); after it, the names show; the app restarts and the session resumes;
// History finds a comparison by search; a CSV download parses.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ModelProfile } from '../../electron/shared/profiles';
import { chromiumForFile, openAppPage } from './support/app-page';
import { GPUS, launchAll } from './support/emulated-models';
import { startHost, type RunningHost } from './support/host-process';
import { emulatorEnv } from '../support/emulator';
import { emulatedDraft } from '../support/engine-harness';
import { HostClient } from '../support/host-client';
import { makeTempDir } from '../support/temp-dir';

const PACE = { VLLM_EMU_TOKENS_PER_S: '400', VLLM_EMU_TTFT_MS: '40' };
// Each with room for its weights on the 48 GB card (the emulator keeps vLLM's memory accounting).
const MODELS = [
  { name: 'Zeta four', source: 'Qwen/Qwen3-4B-Instruct-2507', gpuMemoryUtilization: 0.3 },
  { name: 'Omega seven', source: 'Qwen/Qwen2-7B-Instruct', gpuMemoryUtilization: 0.45 },
];
const PROMPTS = ['What does a KV cache hold?', 'Name the capital of Peru.', 'Why is the sky blue at noon?'];
/** Typed as digits into the six score groups (A accuracy, helpfulness, fluency, then B's), then the verdict key. */
const VOTES = [
  { scores: '453', b: '214', key: '1', verdict: 'left' },
  { scores: '333', b: '545', key: '2', verdict: 'right' },
  { scores: '222', b: '222', key: '3', verdict: 'tie' },
];

describe('a blind rating session in Chromium', () => {
  const browser = chromiumForFile();
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let host: RunningHost | undefined;
  let client: HostClient | undefined;
  let page: Page | undefined;

  afterEach(async () => {
    client?.close();
    await page?.close();
    await host?.stop();
    await dir?.remove();
  });

  /** Every place a model could be named, as the acceptance lists them. */
  function leaksIn(text: string, profiles: ModelProfile[], ports: number[]): string[] {
    const needles = profiles.flatMap((p) => [p.name, p.id, p.engine === 'vllm' ? p.source : p.baseUrl]);
    return [
      ...needles.filter((needle) => text.includes(needle)),
      ...ports.filter((port) => new RegExp(`(?<![\\w.])${port}(?![\\w.])`).test(text)).map((port) => `port ${port}`),
    ];
  }

  const pane = (p: Page, side: 'A' | 'B'): Locator => p.getByRole('region', { name: new RegExp(`^${side} answer, turn 1$`) });

  it('hides the models until each vote, reveals them after, resumes after a restart, and exports what was rated', { timeout: 150_000 }, async () => {
    dir = await makeTempDir();
    const env = emulatorEnv({ NVIDIA_SMI_EMU_GPUS: GPUS });
    host = await startHost(dir.path, env);
    client = await HostClient.connect(host.url);
    const profiles: ModelProfile[] = [];
    for (const model of MODELS) {
      profiles.push(await client.call<ModelProfile>('profiles.create', { draft: emulatedDraft(model.source, PACE, { name: model.name, gpuMemoryUtilization: model.gpuMemoryUtilization }) }));
    }
    const ports = await launchAll(client, profiles);

    // The session is started from Compare, where the person picks the pair (names shown: no blind turn yet).
    const first = await openAppPage(browser(), host.url, { viewport: { width: 1400, height: 900 } });
    page = first.page;
    await page.getByRole('button', { name: 'New rating session…' }).click();
    const form = page.getByRole('form', { name: 'New rating session' });
    await form.getByLabel('Name').fill('Blind study');
    expect(await form.getByRole('checkbox', { name: /^Blind/ }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Start the session' }).click();
    await page.getByRole('region', { name: 'Rating session' }).getByText('Models hidden until you vote').waitFor();
    await page.close();

    // A fresh page in the blind session, every frame it receives recorded from its first moment.
    const second = await openAppPage(browser(), host.url, { viewport: { width: 1400, height: 900 } });
    page = second.page;
    let frames: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
    await page.reload();
    await page.getByRole('region', { name: 'Rating session' }).getByText('Blind study').waitFor();

    const revealedLeft: string[] = [];
    for (const [i, prompt] of PROMPTS.entries()) {
      const box = page.getByRole('textbox', { name: 'Prompt', exact: true });
      await box.fill(prompt);
      await box.press('Control+Enter');
      for (const side of ['A', 'B'] as const) await pane(page, side).getByText(/^(Done|Failed)$/).waitFor({ timeout: 30_000 });
      // Before the vote: nothing names either model, in the page or in what it was sent (since the last reveal).
      const vote = page.getByRole('group', { name: 'Vote on this comparison' });
      await vote.waitFor();
      expect(leaksIn(await page.content(), profiles, ports)).toEqual([]);
      expect(leaksIn(frames.join('\n'), profiles, ports)).toEqual([]);
      expect(frames.length).toBeGreaterThan(i === 0 ? 5 : 2);

      // The keyboard: focus is on the vote; Tab into the scores, six digits, then the verdict key.
      await expect.poll(() => page!.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Vote on this comparison');
      await page.keyboard.press('Tab');
      for (const digit of VOTES[i]!.scores + VOTES[i]!.b) await page.keyboard.press(digit);
      await expect.poll(() => page!.getByRole('radiogroup', { name: 'B fluency' }).getByRole('radio', { checked: true }).innerText()).toBe(VOTES[i]!.b[2]);
      await page.keyboard.press(VOTES[i]!.key);

      // Saved, then revealed: both panes name their model.
      const saved = page.getByRole('region', { name: 'Your vote' });
      await saved.getByText(/^Saved: /).waitFor();
      const names = await Promise.all((['A', 'B'] as const).map((side) => pane(page!, side).locator('.answer-model').innerText()));
      expect(new Set(names)).toEqual(new Set(MODELS.map((m) => m.name)));
      revealedLeft.push(names[0]!);
      // The same detector finds the names now: the reveal came in a frame, and the page shows them.
      expect(leaksIn(frames.join('\n'), profiles, ports)).toEqual(expect.arrayContaining(MODELS.map((m) => m.name)));
      expect(leaksIn(await page.content(), profiles, ports)).toEqual(expect.arrayContaining(MODELS.map((m) => m.name)));
      frames = [];
    }
    expect(second.consoleErrors).toEqual([]);

    // A restart: the host stops its servers and exits; a new one on the same data folder resumes the session.
    client.close();
    await host.stop();
    host = await startHost(dir.path, env);
    client = await HostClient.connect(host.url);
    await launchAll(client, profiles);
    await page.close();
    const third = await openAppPage(browser(), host.url, { viewport: { width: 1400, height: 900 } });
    page = third.page;
    const bar = page.getByRole('region', { name: 'Rating session' });
    await bar.getByText('Blind study').waitFor();
    expect(await bar.getByLabel('Progress').innerText()).toBe('3 comparisons · 3 votes');

    // History: the session's comparisons, and one found by a word of its prompt.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History', exact: true }).click();
    await page.getByRole('button', { name: 'Blind study', exact: true }).click();
    const rows = page.getByRole('listbox', { name: 'Comparisons' }).getByRole('option');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByRole('searchbox', { name: 'Search comparisons' }).fill('peru');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('Name the capital of Peru.');

    // The CSV, downloaded as the browser would, parsed by an independent RFC 4180 parser.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export this session' }).click();
    const file = join(dir.path, 'export.csv');
    await (await download).saveAs(file);
    const rowsOut = parse(await readFile(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rowsOut).toHaveLength(3);
    const byPrompt = new Map(rowsOut.map((row) => [row.prompt, row]));
    for (const [i, prompt] of PROMPTS.entries()) {
      const row = byPrompt.get(prompt)!;
      expect(row).toMatchObject({ session_name: 'Blind study', verdict: VOTES[i]!.verdict, blind: 'true', left_model: revealedLeft[i] });
      const leftPrefix = row.model_1 === row.left_model ? 'm1' : 'm2';
      const rightPrefix = leftPrefix === 'm1' ? 'm2' : 'm1';
      expect([row[`${leftPrefix}_score_accuracy`], row[`${leftPrefix}_score_helpfulness`], row[`${leftPrefix}_score_fluency`]].join('')).toBe(VOTES[i]!.scores);
      expect([row[`${rightPrefix}_score_accuracy`], row[`${rightPrefix}_score_helpfulness`], row[`${rightPrefix}_score_fluency`]].join('')).toBe(VOTES[i]!.b);
      expect(row.winner_model).toBe(VOTES[i]!.verdict === 'left' ? row.left_model : VOTES[i]!.verdict === 'right' ? row.right_model : 'tie');
      expect(Number(row[`${leftPrefix}_ttft_ms`])).toBeGreaterThan(0);
    }
    expect(third.consoleErrors).toEqual([]);
  });
});
