import { chromium, type Browser } from 'playwright-core';

// @sparticuz/chromium's own flags are for serverless scraping: they turn web security off (we test the CSP),
// run everything in one process, and render through SwiftShader's software GL with the GPU in the browser
// process, which on a 2-core machine costs the browser ~24 ms of CPU per changed frame. So only the binary is
// taken from it; the flags are ours: plain software compositing, as a desktop without GPU acceleration has.
const FLAGS = ['--no-sandbox', '--disable-gpu'];
// Without these, Chromium keeps trying to reach Google's services through this machine's closed network.
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** A real Chromium: CHROMIUM_PATH when set (e.g. Debian's /usr/bin/chromium), else the one npm ci brought. */
export async function launchChromium(): Promise<Browser> {
  const fromEnv = process.env.CHROMIUM_PATH;
  // executablePath() also unpacks the fonts and libraries the bundled binary needs.
  const executablePath = fromEnv ?? (await (await import('@sparticuz/chromium')).default.executablePath());
  return chromium.launch({ executablePath, args: [...FLAGS, ...QUIET] });
}
