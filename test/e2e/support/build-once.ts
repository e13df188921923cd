import { build } from 'electron-vite';

/** The e2e tests run the built app (renderer bundle + host), as a user would: build it once per run. */
export default async function setup(): Promise<void> {
  if (process.env.PAIRWISE_E2E_SKIP_BUILD === '1') return;
  await build({ logLevel: 'warn' });
}
