// Issue 10's study flow in Chromium against two emulated vLLM servers: the study's sample set imported, ten of its
// prompts run blind with keyboard votes, scores and key points, the Stats view showing the counts, the interval,
// the box plots and the per-category table (a screenshot kept in test-results/), and the report written, its
// table holding the numbers the stats service computed.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SessionSummary } from '../../electron/shared/sessions';
import type { SessionStats } from '../../electron/shared/stats';
import type { ReportWritten } from '../../electron/shared/report';
import { chromiumForFile, openAppPage } from './support/app-page';
import { createProfiles, GPUS, launchAll } from './support/emulated-models';
import { startHost, type RunningHost } from './support/host-process';
import { awaitVote, startSessionFromForm } from './support/session-page';
import { emulatorEnv } from '../support/emulator';
import { HostClient } from '../support/host-client';
import { makeTempDir } from '../support/temp-dir';

const PACE = { VLLM_EMU_TOKENS_PER_S: '900', VLLM_EMU_TTFT_MS: '30' };
// Room for the sample set's summaries (about 1,000 characters of document each).
const MODELS = [
  { name: 'Zeta four', source: 'Qwen/Qwen3-4B-Instruct-2507', gpuMemoryUtilization: 0.3, maxModelLen: 8192 },
  { name: 'Omega seven', source: 'Qwen/Qwen2-7B-Instruct', gpuMemoryUtilization: 0.45, maxModelLen: 8192 },
];
/** Ten votes: six digits for the scores (A's three dimensions, then B's), then the verdict key (1 A, 2 B, 3 tie, 4 both bad). */
const VOTES = ['5434231', '4445552', '3332221', '5554441', '2223331', '4444443', '5353531', '1112222', '4544341', '3334444'];
const SCREENSHOT = join(process.cwd(), 'test-results', 'stats-view.png');

describe('the study in Chromium: a prompt set run blind, then its statistics and report', () => {
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

  it('imports the sample set, runs ten prompts blind from the keyboard, and shows and reports what the stats service computes', { timeout: 240_000 }, async () => {
    dir = await makeTempDir();
    host = await startHost(dir.path, emulatorEnv({ NVIDIA_SMI_EMU_GPUS: GPUS }));
    client = await HostClient.connect(host.url);
    await launchAll(client, await createProfiles(client, MODELS, PACE));

    const opened = await openAppPage(browser(), host.url, { viewport: { width: 1400, height: 1000 }, reducedMotion: 'reduce' });
    page = opened.page;
    const bar = await startSessionFromForm(page, 'Study run', MODELS.map((m) => m.name), 'Models hidden until you vote');

    // The sample set, from the app's own resources, then a run of all of it (shuffled, hidden repeats on).
    await bar.getByRole('button', { name: 'Run a prompt set…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Prompt sets' });
    await dialog.getByRole('button', { name: "Add the study's sample set" }).click();
    const sample = dialog.getByRole('list', { name: 'Prompt sets' }).getByRole('radio');
    await expect.poll(() => sample.count()).toBe(1);
    await sample.first().check();
    const start = dialog.getByRole('form', { name: 'Start a run' });
    for (const category of ['knowledge-qa', 'logical-reasoning', 'long-document-summary']) expect(await start.getByRole('checkbox', { name: new RegExp(category) }).isChecked()).toBe(true);
    await start.getByRole('button', { name: 'Start run' }).click();
    const run = page.getByRole('region', { name: 'Prompt set run' });
    await run.getByText(/^0\/132$/).waitFor();

    await page.getByRole('button', { name: 'Send next prompt' }).click();
    for (const [i, keys] of VOTES.entries()) {
      await awaitVote(page, i);
      await page.keyboard.press('Tab');
      for (const digit of keys.slice(0, 6)) await page.keyboard.press(digit);
      // The first key point of A's answer, where the prompt has key points (every prompt of the sample set does).
      const covered = page.getByRole('group', { name: 'Key points covered by A' }).getByRole('checkbox');
      await covered.first().check();
      // The last vote is cast paused, so no eleventh prompt goes out; before it, a vote sends the next prompt.
      if (i === VOTES.length - 1) await run.getByRole('button', { name: 'Pause' }).click();
      if (i === VOTES.length - 1) await page.getByRole('group', { name: 'Vote on this comparison' }).focus();
      await page.keyboard.press(keys[6]!);
      await expect.poll(() => page!.getByRole('region', { name: 'Rating session' }).getByLabel('Progress').innerText()).toMatch(new RegExp(`· ${i + 1} votes?$`));
    }
    await page.getByRole('region', { name: 'Your vote' }).getByText(/^Saved: /).waitFor();
    await expect.poll(() => run.getByRole('progressbar', { name: 'Prompt set progress' }).getAttribute('value')).toBe('10');

    const sessionId = (await client.call<SessionSummary[]>('sessions.list', {}))[0]!.id;
    const stats = await client.call<SessionStats>('stats.session', { sessionId });
    expect(stats.votes).toBe(10);
    const pair = stats.overall.pairs[0]!;

    // Stats: the counts, the win rate with its interval, the box plots, the per-category table.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Stats', exact: true }).click();
    const counts = page.getByTestId('pair-counts-1-vs-2');
    await counts.waitFor();
    const countsText = await counts.innerText();
    for (const figure of [pair.aWins, pair.bWins, pair.ties, pair.bothBad]) expect(countsText).toContain(String(figure));
    const verdict = await page.getByTestId('stats-verdict').innerText();
    expect(verdict).toContain(pair.verdict.text);
    for (const id of ['win-rates-1-vs-2', 'latency-ttft', 'latency-decode', 'latency-e2e', 'categories', 'scores']) await page.getByTestId(`chart-${id}`).waitFor();
    const categoryRows = page.getByTestId('category-table').getByRole('row');
    expect(await categoryRows.count()).toBeGreaterThan(stats.categories.length);
    for (const category of stats.categories) expect(await page.getByTestId('category-table').innerText()).toContain(category.category);
    // Tall enough for every panel: the view scrolls inside the window, which a full-page screenshot would not show.
    await mkdir(join(process.cwd(), 'test-results'), { recursive: true });
    await page.setViewportSize({ width: 1400, height: 4200 });
    await page.screenshot({ path: SCREENSHOT });

    // The report, written by one click into the data folder's reports/ (the headless host has no folder dialog).
    await page.getByRole('button', { name: 'Write report' }).click();
    const written = page.getByTestId('report-written');
    await written.waitFor();
    const reply = await client.call<ReportWritten>('report.write', { sessionId });
    if (reply.kind !== 'written') throw new Error('the report was not written');
    expect(reply.folder.startsWith(join(dir.path, 'reports'))).toBe(true);
    expect(reply.files).toEqual(expect.arrayContaining(['report.md', 'table.csv', 'latency.png']));
    const markdown = await readFile(join(reply.folder, 'report.md'), 'utf8');
    expect(markdown).toContain(pair.verdict.text);
    expect(markdown).toContain('](latency.png)');
    const table = parse(await readFile(join(reply.folder, 'table.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    checkTable(table, stats);
    expect(opened.consoleErrors).toEqual([]);
  });
});

/** A cell of the report's table, read back: `62% (51–72%, n=80)`, `4.6 (4.3–4.9, n=20)`, `20`, or `—`. */
function readCell(text: string): { value: number; low: number | null; high: number | null; n: number | null } | null {
  if (text === '—') return null;
  const match = /^(-?[\d.]+)%?(?: \((?:(-?[\d.]+)–(-?[\d.]+)%?, )?n=(\d+)\))?$/.exec(text);
  if (!match) throw new Error(`a table cell the test cannot read: ${text}`);
  const number = (s: string | undefined) => (s === undefined ? null : Number(s));
  return { value: Number(match[1]), low: number(match[2]), high: number(match[3]), n: number(match[4]) };
}

/**
 * The report's table holds the service's numbers, to the precision it prints them: per scope (overall and each
 * category) and model, the votes, the win rate with its interval and n, and each dimension's mean score.
 */
function checkTable(rows: Record<string, string>[], stats: SessionStats): void {
  const scopes = [{ scope: 'overall', models: stats.overall.models }, ...stats.categories.map((c) => ({ scope: c.category, models: c.models }))];
  for (const { scope, models } of scopes) {
    const row = (metric: string) => {
      const found = rows.find((r) => r.scope === scope && r.metric === metric);
      if (!found) throw new Error(`the report's table has no row "${metric}" for ${scope}`);
      return found;
    };
    for (const metrics of models) {
      const name = stats.models[metrics.model]!;
      expect(readCell(row('Votes')[name]!)?.value).toBe(metrics.votes);
      const win = readCell(row('Win rate (of decided votes)')[name]!);
      if (metrics.winRate.rate === null) expect(win).toBeNull();
      else {
        expect(Math.abs(win!.value - metrics.winRate.rate * 100)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(win!.low! - metrics.winRate.ci!.low * 100)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(win!.high! - metrics.winRate.ci!.high * 100)).toBeLessThanOrEqual(0.5);
        expect(win!.n).toBe(metrics.winRate.n);
      }
      for (const dimension of stats.dimensions) {
        const mean = metrics.scores[dimension];
        const cell = readCell(row(`${dimension} (mean score, 0–5)`)[name]!);
        if (!mean || mean.mean === null) expect(cell).toBeNull();
        else {
          expect(Math.abs(cell!.value - mean.mean)).toBeLessThanOrEqual(0.05);
          expect(cell!.n).toBe(mean.n);
        }
      }
    }
  }
}
