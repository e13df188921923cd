// Issue 10's session of three models in Chromium against three emulated vLLM servers: started from the form with
// three models ticked, six prompts typed and voted from the keyboard, every pair drawn equally often (each with
// its sides balanced), no model named before its vote, and Stats drawing the Bradley-Terry ratings and ranking.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HistoryPage, SessionSummary } from '../../electron/shared/sessions';
import type { SessionStats } from '../../electron/shared/stats';
import { chromiumForFile, openAppPage } from './support/app-page';
import { createProfiles, GPUS, launchAll } from './support/emulated-models';
import { startHost, type RunningHost } from './support/host-process';
import { awaitVote, startSessionFromForm } from './support/session-page';
import { emulatorEnv } from '../support/emulator';
import { HostClient } from '../support/host-client';
import { makeTempDir } from '../support/temp-dir';

const PACE = { VLLM_EMU_TOKENS_PER_S: '900', VLLM_EMU_TTFT_MS: '30' };
const MODELS = [
  { name: 'Zeta four', source: 'Qwen/Qwen3-4B-Instruct-2507', gpuMemoryUtilization: 0.3 },
  { name: 'Omega seven', source: 'Qwen/Qwen2-7B-Instruct', gpuMemoryUtilization: 0.42 },
  { name: 'Kappa half', source: 'Qwen/Qwen2.5-0.5B-Instruct', gpuMemoryUtilization: 0.12 },
];
const TURNS = 6;

describe('a session of three models in Chromium', () => {
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

  it('draws each pair equally often with balanced sides, hides every name until its vote, and ranks the three with Bradley-Terry', { timeout: 180_000 }, async () => {
    dir = await makeTempDir();
    host = await startHost(dir.path, emulatorEnv({ NVIDIA_SMI_EMU_GPUS: GPUS }));
    client = await HostClient.connect(host.url);
    await launchAll(client, await createProfiles(client, MODELS, PACE));

    const opened = await openAppPage(browser(), host.url, { viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' });
    page = opened.page;
    await startSessionFromForm(page, 'Three models', MODELS.map((m) => m.name), '3 models, a balanced pair each turn');

    for (let i = 0; i < TURNS; i++) {
      const box = page.getByRole('textbox', { name: 'Prompt', exact: true });
      await box.fill(`Question ${i + 1}: what limits a GPU's batch size?`);
      await box.press('Control+Enter');
      await awaitVote(page, i);
      const shown = await page.locator('main').innerText();
      for (const model of MODELS) expect(shown).not.toContain(model.name);
      await page.keyboard.press('Tab');
      for (const digit of '435243') await page.keyboard.press(digit);
      await page.keyboard.press(i % 3 === 2 ? '3' : '1');
      await page.getByRole('region', { name: 'Your vote' }).getByText(/^Saved: /).waitFor();
    }

    // Who met whom, from History (names are shown there once voted): each pair twice, once each way round.
    const sessionId = (await client.call<SessionSummary[]>('sessions.list', {}))[0]!.id;
    const history = await client.call<HistoryPage>('sessions.history', { sessionId });
    const pairs = history.items.map((item) => [item.sides.left.model!.model, item.sides.right.model!.model]);
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]] as const) {
      expect(pairs.filter(([l, r]) => l === a && r === b)).toHaveLength(1);
      expect(pairs.filter(([l, r]) => l === b && r === a)).toHaveLength(1);
    }

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Stats', exact: true }).click();
    await page.getByTestId('chart-bradley-terry').waitFor();
    const stats = await client.call<SessionStats>('stats.session', { sessionId });
    expect(stats.bradleyTerry!.ratings).toHaveLength(3);
    const ranking = await page.getByTestId('ranking-table').innerText();
    for (const rating of stats.bradleyTerry!.ratings) {
      expect(ranking).toContain(stats.models[rating.model]!);
      expect(ranking).toContain(String(Math.round(rating.rating)));
    }
    // The ranking in words, best first, as the fit ordered them.
    const sentence = await page.getByTestId('stats-ranking').innerText();
    const best = [...stats.bradleyTerry!.ratings].sort((x, y) => y.rating - x.rating).map((r) => stats.models[r.model]!);
    expect(best.map((name) => sentence.indexOf(name))).toEqual([...best.map((name) => sentence.indexOf(name))].sort((x, y) => x - y));
    expect(best.every((name) => sentence.includes(name))).toBe(true);
    expect(opened.consoleErrors).toEqual([]);
  });
});
