// Driving a rating session in the page, as the e2e tests of sessions do: starting one from Compare's form, and
// waiting until a turn is ready for its vote.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** "New rating session…" with these models ticked; resolves with the session bar once the session shows `shown`. */
export async function startSessionFromForm(page: Page, name: string, models: readonly string[], shown: string): Promise<Locator> {
  await page.getByRole('button', { name: 'New rating session…' }).click();
  const form = page.getByRole('form', { name: 'New rating session' });
  await form.getByLabel('Name').fill(name);
  for (const model of models) await form.getByRole('checkbox', { name: model, exact: true }).check();
  await form.getByRole('button', { name: 'Start the session' }).click();
  const bar = page.getByRole('region', { name: 'Rating session' });
  await bar.getByText(shown).waitFor();
  return bar;
}

/**
 * Both answers of the turn after `voted` votes are in: the session counts its comparison (recorded as both sides
 * end) and no vote on it yet, and focus is on the vote.
 */
export async function awaitVote(page: Page, voted: number): Promise<void> {
  const counted = page.getByRole('region', { name: 'Rating session' }).getByLabel('Progress');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  await expect.poll(() => counted.innerText(), { timeout: 30_000 }).toBe(`${plural(voted + 1, 'comparison')} · ${plural(voted, 'vote')}`);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), { timeout: 30_000 }).toBe('Vote on this comparison');
}
