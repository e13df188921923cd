import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ComparisonRecord, SessionRecord, Verdict } from '../../electron/shared/sessions';
import { chromiumForFile, openAppPage } from './support/app-page';
import { startHost, type RunningHost } from './support/host-process';
import { seededRandom } from '../support/seeded-random';
import { buildComparison, buildHeader, buildServerRecord, buildVote, studyModel, toJsonl } from '../support/session-builders';
import { makeTempDir } from '../support/temp-dir';

const SESSION_NAME = 'History e2e study';
const [MODEL_A, MODEL_B] = [studyModel(0).name, studyModel(1).name];
/** In exactly one answer of the session, and nowhere else (not in the builders' word list either). */
const UNIQUE_WORD = 'zanzibar';

/** Five comparisons, oldest first: four voted (one of each verdict), the last still blind and not voted. */
const PLAN: { prompt: string; verdict: Verdict | null; category: string }[] = [
  { prompt: 'Explain gradient descent to a child', verdict: 'left', category: 'teaching' },
  { prompt: 'Write a haiku about attention layers', verdict: 'right', category: 'writing' },
  { prompt: 'What is a KV cache for', verdict: 'tie', category: 'teaching' },
  { prompt: 'Prove that the batch is never empty', verdict: 'both-bad', category: 'math' },
  { prompt: 'Name a spice island', verdict: null, category: '' },
];

/** A session file as the service writes it, so the test does not depend on Compare to make one. */
function sessionFile(): { id: string; jsonl: string } {
  const random = seededRandom(9);
  const header = buildHeader(random, { name: SESSION_NAME, at: '2026-03-02T09:00:00.000Z' });
  const servers = [buildServerRecord(random, 0, '2026-03-02T09:00:01.000Z'), buildServerRecord(random, 1, '2026-03-02T09:00:02.000Z')] as const;
  const records: SessionRecord[] = [header, ...servers];
  PLAN.forEach((step, i) => {
    const at = new Date(Date.parse('2026-03-02T09:01:00.000Z') + i * 60_000).toISOString();
    const comparison: ComparisonRecord = buildComparison(random, {
      at,
      leftModel: i % 2 === 0 ? 0 : 1,
      userMessage: step.prompt,
      answers: i === 4 ? { left: `Try ${UNIQUE_WORD}, off the coast of Tanzania.`, right: 'The Moluccas, in Indonesia.' } : undefined,
      servers: { 0: servers[0].id, 1: servers[1].id },
      settings: header.settings,
      text: { tricky: false },
    });
    records.push(comparison);
    if (step.verdict !== null) {
      records.push(buildVote(random, comparison, header.settings.dimensions, { at, verdict: step.verdict, category: step.category, comment: `comment ${i + 1}` }));
    }
  });
  return { id: header.id, jsonl: toJsonl(records) };
}

describe('the History view in Chromium, through the headless host', () => {
  const browser = chromiumForFile();
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let host: RunningHost | undefined;
  let page: Page;
  let consoleErrors: string[];

  afterEach(async () => {
    await page?.close();
    await host?.stop();
    await dir?.remove();
  });

  const rows = (): Locator => page.getByRole('listbox', { name: 'Comparisons' }).getByRole('option');
  const count = (): Locator => page.getByRole('status').filter({ hasText: /of \d+ comparisons?$/ });
  const sessionButton = (name: string): Locator => page.getByRole('button', { name, exact: true });

  it('lists a session, finds a comparison by search and filter, opens it, renames, trashes and restores the session', async () => {
    dir = await makeTempDir();
    const session = sessionFile();
    await mkdir(join(dir.path, 'sessions'), { recursive: true });
    await writeFile(join(dir.path, 'sessions', `${session.id}.jsonl`), session.jsonl);
    host = await startHost(dir.path);
    ({ page, consoleErrors } = await openAppPage(browser(), host.url));
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History', exact: true }).click();
    await page.getByRole('heading', { name: 'History', level: 1 }).waitFor();

    // The session, with its pair, its counts and its dates.
    const entry = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').filter({ has: sessionButton(SESSION_NAME) });
    await entry.waitFor();
    const entryText = await entry.innerText();
    expect(entryText).toContain(`${MODEL_A} vs ${MODEL_B}`);
    expect(entryText).toContain('4 votes · 5 comparisons');
    expect(entryText).toMatch(/Created .+ · last activity .+/);

    // Its comparisons, newest first; the unvoted blind one names no model.
    await sessionButton(SESSION_NAME).click();
    await page.getByRole('heading', { name: SESSION_NAME, level: 2 }).waitFor();
    await expect.poll(() => count().innerText()).toBe('5 of 5 comparisons');
    await expect.poll(() => rows().count()).toBe(5);
    const newest = rows().first();
    expect(await newest.innerText()).toContain('Name a spice island');
    expect(await newest.innerText()).toContain('Not voted');
    expect(await newest.innerText()).toContain('hidden (not voted yet)');
    const voted = rows().filter({ hasText: 'Write a haiku about attention layers' });
    expect(await voted.innerText()).toContain('B better');
    expect(await voted.innerText()).toMatch(/Winner: Qwen/);

    // Search: a word of one answer finds exactly that comparison.
    await page.getByRole('searchbox', { name: 'Search comparisons' }).fill(UNIQUE_WORD);
    await expect.poll(() => count().innerText()).toBe('1 of 5 comparisons');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().innerText()).toContain('Name a spice island');
    await page.getByRole('searchbox', { name: 'Search comparisons' }).fill('');
    await expect.poll(() => count().innerText()).toBe('5 of 5 comparisons');

    // Filters: by verdict, then by category.
    await page.getByLabel('Verdict').selectOption({ label: 'Tie' });
    await expect.poll(() => count().innerText()).toBe('1 of 5 comparisons');
    expect(await rows().first().innerText()).toContain('What is a KV cache for');
    await page.getByLabel('Verdict').selectOption({ label: 'Any' });
    await page.getByLabel('Category').selectOption({ label: 'teaching' });
    await expect.poll(() => count().innerText()).toBe('2 of 5 comparisons');
    await page.getByLabel('Category').selectOption({ label: 'Any' });
    await expect.poll(() => rows().count()).toBe(5);

    // The keyboard: into the list, down one row, Enter opens its detail, Escape closes it.
    const list = page.getByRole('listbox', { name: 'Comparisons' });
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const detail = page.getByRole('dialog', { name: 'Comparison' });
    await detail.waitFor();
    await detail.getByText('Prove that the batch is never empty').waitFor();
    const detailText = await detail.innerText();
    expect(detailText).toContain('Both bad');
    expect(detailText).toContain('You are a helpful assistant. Answer concisely.'); // the system prompt
    expect(detailText).toContain('comment 4');
    expect(detailText).toContain('NVIDIA GeForce RTX 4090 D'); // the servers' facts, revealed by the vote
    expect(detailText).toContain(MODEL_A);
    expect(detailText).toContain(MODEL_B);
    await detail.getByRole('button', { name: 'Reopen in Compare' }).waitFor();
    // The vote's notes can be changed afterwards (recorded as an edit).
    await detail.getByRole('button', { name: 'Edit comment and category' }).click();
    await detail.getByLabel('Category').fill('proofs');
    await detail.getByRole('button', { name: 'Save', exact: true }).click();
    await detail.getByRole('button', { name: 'Edit comment and category' }).waitFor();
    expect(await detail.innerText()).toContain('proofs');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // Rename: the service's validation message, then a name that is kept.
    await page.getByRole('button', { name: `Rename ${SESSION_NAME}` }).click();
    const nameField = page.getByRole('textbox', { name: `New name for ${SESSION_NAME}` });
    await nameField.fill('   ');
    await nameField.press('Enter');
    await page.getByRole('alert').filter({ hasText: /name/i }).waitFor();
    await nameField.fill('Renamed study');
    await nameField.press('Enter');
    await sessionButton('Renamed study').waitFor();

    // Delete moves it to the trash (the question says it can be restored); Restore brings it back.
    await page.getByRole('button', { name: 'Delete Renamed study' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm deleting Renamed study' });
    expect(await confirm.innerText()).toMatch(/restore/i);
    await confirm.getByRole('button', { name: 'Move to trash' }).click();
    await sessionButton('Renamed study').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: /^Trash/ }).click();
    await page.getByRole('button', { name: 'Restore Renamed study' }).click();
    await page.getByRole('button', { name: 'Restore Renamed study' }).waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: /^Sessions/ }).click();
    await sessionButton('Renamed study').waitFor();

    expect(consoleErrors).toEqual([]);
  });
});
