import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumForFile, openAppPage } from './support/app-page';
import { startHost, type RunningHost } from './support/host-process';
import { makeTempDir } from '../support/temp-dir';

// --bg in styles.css, as the browser computes it.
const LIGHT_BG = 'rgb(247, 247, 248)';
const DARK_BG = 'rgb(22, 23, 27)';

describe('the app shell in Chromium, through the headless host', () => {
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

  async function openApp(): Promise<void> {
    ({ page, consoleErrors } = await openAppPage(browser(), host!.url));
    await page.getByRole('navigation', { name: 'Views' }).waitFor();
  }

  it('refuses the URL without its token, shows the shell with it, and keeps a setting across a host restart', async () => {
    dir = await makeTempDir();
    host = await startHost(dir.path);

    const probe = await browser().newPage();
    const refused = await probe.goto(`${host.origin}/`);
    expect(refused?.status()).toBe(401);
    expect(await probe.textContent('body')).toMatch(/needs the token/);
    await probe.close();

    await openApp();
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar
    for (const name of ['Models', 'Compare', 'History', 'Stats', 'Settings']) {
      await expect(page.getByRole('button', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    await page.getByRole('heading', { name: 'Compare', level: 1 }).waitFor(); // the start view

    await page.keyboard.press('Control+5');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByLabel('Temperature').fill('0.3');
    await page.getByLabel('Temperature').press('Enter');
    await page.getByText('All changes saved.').waitFor();
    // The theme follows the OS until pinned: colours, not just the attribute.
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe(LIGHT_BG);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe(DARK_BG);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('Theme').selectOption('dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(await background()).toBe(DARK_BG);

    await page.getByLabel('Top p').fill('3');
    await page.getByLabel('Top p').press('Enter');
    await page.getByText('top p must be a number above 0 and at most 1').waitFor();
    expect(await page.getByLabel('Top p').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Not saved: fix the field marked in red.').waitFor();

    expect(await host.stop()).toBe(0);
    await page.getByText('Disconnected from Pairwise').waitFor();
    expect(consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
    await page.close();

    host = await startHost(dir.path);
    await openApp();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Temperature').waitFor();
    expect(await page.getByLabel('Temperature').inputValue()).toBe('0.3');
    expect(await page.getByLabel('Top p').inputValue()).toBe('0.95');
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(DARK_BG); // the OS says light
    expect(consoleErrors).toEqual([]);
  });

  it('tells the user when the settings file was damaged, and where the damaged copy is', async () => {
    dir = await makeTempDir();
    writeFileSync(join(dir.path, 'settings.json'), '{"theme": "dark",');
    host = await startHost(dir.path);
    await openApp();
    const notice = page.getByRole('status').filter({ hasText: 'could not be read' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/settings\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z\.json/);
    await notice.getByRole('button', { name: 'Dismiss notice' }).click();
    await notice.waitFor({ state: 'detached' });
  });
});
