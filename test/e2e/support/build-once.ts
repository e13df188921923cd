import { build } from 'electron-vite';

/**
 * Tests that run the built app (renderer bundle + host.js), as a user would, build it first: once per test
 * run, however many projects ask (the flag lives in this process's environment, shared by global setups).
 */
export default async function setup(): Promise<void> {
  if (process.env.PAIRWISE_E2E_SKIP_BUILD === '1' || process.env.PAIRWISE_BUILT_THIS_RUN === '1') return;
  await build({ logLevel: 'warn' });
  process.env.PAIRWISE_BUILT_THIS_RUN = '1';
}
