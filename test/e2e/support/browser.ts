import { chromium, type Browser } from 'playwright-core';

// @sparticuz/chromium's defaults are for serverless scraping; these would weaken what we test (web security,
// the CSP, process isolation), so they are dropped.
const UNWANTED = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process', '--no-zygote']);
// Without these, Chromium keeps trying to reach Google's services through this machine's closed network.
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** A real Chromium: CHROMIUM_PATH when set (e.g. Debian's /usr/bin/chromium), else the one npm ci brought. */
export async function launchChromium(): Promise<Browser> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return chromium.launch({ executablePath: fromEnv, args: ['--no-sandbox', '--disable-gpu', ...QUIET] });
  const { default: sparticuz } = await import('@sparticuz/chromium');
  const args = sparticuz.args.filter((arg) => !UNWANTED.has(arg));
  return chromium.launch({ executablePath: await sparticuz.executablePath(), args: [...args, ...QUIET] });
}
