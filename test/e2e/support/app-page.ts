import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

/** One Chromium for the whole test file, launched before its first test and closed after its last. */
export function chromiumForFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running: call chromiumForFile() at the top of the describe block');
    return browser;
  };
}

export interface AppPage {
  page: Page;
  /** Console errors and uncaught exceptions of the page: a test ends by asserting there were none. */
  consoleErrors: string[];
}

/** Opens the app at its tokened URL in a new page, collecting the page's errors from the first moment. */
export async function openAppPage(browser: Browser, url: string, options: { viewport?: { width: number; height: number }; reducedMotion?: 'reduce' } = {}): Promise<AppPage> {
  // Reduced motion: charts drawn at once (no animation), so a screenshot shows them as they are.
  const page = await browser.newPage({ ...(options.viewport && { viewport: options.viewport }), ...(options.reducedMotion && { reducedMotion: options.reducedMotion }) });
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(url);
  return { page, consoleErrors };
}
