// `npm run serve` / `node out/main/host.js [--port N] [--data DIR]`: the app's services and UI in plain Node,
// for e2e tests and for GPU servers without a display (open the URL through an SSH tunnel).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAppServices } from '../services/app-services';
import { confBackend } from '../services/store/conf-backend';
import { startHeadlessHost } from './headless-host';
import { defaultUserDataDir } from './user-data-dir';

declare const __PAIRWISE_VERSION__: string;

async function main(): Promise<void> {
  // Started from a terminal or an SSH session that has gone away, writes to stdout fail with EPIPE; that must
  // not kill the host before it has stopped its servers (they would keep their GPU memory).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('Usage: pairwise-host [--port N] [--data DIR]\n  --port  port on 127.0.0.1 (default: a free one)\n  --data  data folder (default: the desktop app\'s)\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a whole number from 0 to 65535, not "${values.port}".`);

  const services = createAppServices({
    shell: 'headless',
    version: typeof __PAIRWISE_VERSION__ === 'string' ? __PAIRWISE_VERSION__ : '0.0.0-dev',
    userDataDir: values.data ?? defaultUserDataDir('Pairwise'),
    createStoreBackend: confBackend,
  });
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
  const host = await startHeadlessHost({ services, rendererDir, port }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`Port ${port} is in use. Pick another with --port, or leave it out to get a free one.`);
    throw error;
  });

  process.stdout.write(`Pairwise is serving on 127.0.0.1 port ${host.port}. Open this address (it carries your access token):\n\n    ${host.url}\n\n`);
  process.stdout.write(`From another machine, tunnel first: ssh -L ${host.port}:127.0.0.1:${host.port} <this machine>\n`);

  let stoppingSince: number | null = null;
  const stop = (signal: string) => {
    if (stoppingSince !== null) {
      // A library's exit hook (when-exit, under conf's atomic writes) re-raises the signal it saw at once;
      // only a signal sent well after the first means "stop waiting for the servers".
      if (Date.now() - stoppingSince < 2000) return;
      process.stderr.write(`Second ${signal}: exiting now, without waiting for the servers to stop.\n`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    process.stdout.write(`${signal}: stopping the servers Pairwise launched, then exiting...\n`);
    void host
      .close()
      .then(() => services.dispose())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP')); // the SSH session or terminal that ran `npm run serve` closed
}

function fail(message: string): never {
  process.stderr.write(`pairwise: ${message}\n`);
  process.exit(2);
}

main().catch((error: unknown) => {
  process.stderr.write(`pairwise: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
