// The one way Pairwise starts, whichever shell runs it: the desktop window (electron/main), Electron's
// `--headless`, and `node out/main/host.js` (electron/host/cli.ts). It builds the services, starts the headless
// host where asked, prints the banner, and owns the signal handling and the shutdown order, so that a signal or
// a quit stops the servers the same way everywhere.
import type { Writable } from 'node:stream';
import type { AppInfo } from '../shared/app-info';
import { createAppServices, type AppServices, type AppServicesOptions } from '../services/app-services';
import type { StoreBackendFactory } from '../services/store/store-backend';
import type { ChooseReportFolder } from '../services/stats/stats-handlers';
import type { ExportDeliver } from '../services/export/export-handlers';
import { DownloadRegistry } from './downloads';
import { startHeadlessHost, type HeadlessHost } from './headless-host';
import { handleStopSignals, type SignalSource } from './stop-signals';

export interface StartupOptions {
  shell: AppInfo['shell'];
  version: string;
  userDataDir: string;
  createStoreBackend: StoreBackendFactory;
  /** Serve the UI and the contract on loopback (the headless shells); absent for the desktop window. */
  host?: { port: number; rendererDir: string };
  /** How an export reaches the person in the desktop window (a save dialog); the host serves downloads itself. */
  deliverExport?: ExportDeliver;
  /** Where a report goes in the desktop window (a folder dialog); the host writes into the data folder's reports/. */
  chooseReportFolder?: ChooseReportFolder;
  /** Ends the process once everything is stopped: process.exit in Node, app.exit in Electron. */
  exit(code: number): void;
  /** Whose SIGINT, SIGTERM and SIGHUP stop Pairwise (default: this process). */
  signals?: SignalSource;
  /** Where the banner and shutdown messages go (default: this process's stdout and stderr). */
  stdout?: Writable;
  stderr?: Writable;
  /** Shorter engine timings and an emulator's environment, for tests. */
  services?: Pick<AppServicesOptions, 'env' | 'timings' | 'compareIdleTimeoutMs'>;
}

export interface RunningPairwise {
  services: AppServices;
  host: HeadlessHost | null;
  /** Stops, in order: the host (no new requests), comparisons, servers, stores; then exits. Once, however often called. */
  shutdown(reason: string): Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

export async function startPairwise(options: StartupOptions): Promise<RunningPairwise> {
  const stdout: Writable = options.stdout ?? process.stdout;
  const stderr: Writable = options.stderr ?? process.stderr;
  // Started from a terminal or an SSH session that has gone away, writes fail with EPIPE; that must not kill
  // Pairwise before it has stopped its servers.
  for (const stream of [stdout, stderr]) stream.on('error', () => {});

  // Headless, an export is fetched from the host as a one-time download; in the window, a save dialog writes it.
  const downloads = options.host ? new DownloadRegistry() : null;
  const services = createAppServices({
    shell: options.shell,
    version: options.version,
    userDataDir: options.userDataDir,
    createStoreBackend: options.createStoreBackend,
    deliverExport: downloads?.deliver ?? options.deliverExport,
    ...(!options.host && options.chooseReportFolder && { chooseReportFolder: options.chooseReportFolder }),
    ...options.services,
  });
  const host = options.host ? await startHost(services, { ...options.host, downloads: downloads! }) : null;
  stdout.write(banner(options, host));

  let shuttingDown: Promise<void> | null = null;
  const shutdown = (reason: string): Promise<void> =>
    (shuttingDown ??= (async () => {
      services.engines.refuseLaunches(); // at once: the desktop window's IPC stays up while it quits
      stdout.write(`${reason}: stopping the servers Pairwise launched, then exiting (a second signal, 2 s on, exits at once)...\n`);
      // The window or page may be gone by now: what goes wrong while stopping is said on the terminal too.
      const offNotices = services.bus.on('app.notice', (notice) => stderr.write(`pairwise: ${notice.message}\n`));
      const failures: string[] = [];
      await host?.close().catch((error: unknown) => failures.push(`closing the host: ${messageOf(error)}`));
      await services.dispose().catch((error: unknown) => failures.push(messageOf(error)));
      for (const failure of failures) stderr.write(`pairwise: could not stop cleanly: ${failure}\n`);
      offNotices();
      stopHandling();
      options.exit(failures.length > 0 ? 1 : 0);
    })());
  const stopHandling = handleStopSignals(options.signals ?? process, {
    stop: (signal) => void shutdown(signal),
    force: (signal) => {
      stderr.write(`Second ${signal}: exiting now, without waiting for the servers; the watchdog stops them.\n`);
      options.exit(1);
    },
  });
  return { services, host, shutdown };
}

async function startHost(services: AppServices, options: { port: number; rendererDir: string; downloads: DownloadRegistry }): Promise<HeadlessHost> {
  try {
    return await startHeadlessHost({ services, rendererDir: options.rendererDir, port: options.port, downloads: options.downloads });
  } catch (error) {
    await services.dispose(); // nothing was launched yet, but stores flush and the watchdog must not linger
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(`Port ${options.port} is in use. Pick another with --port, or leave it out to get a free one.`);
    }
    throw error;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError) return [error.message, ...error.errors.map(messageOf)].join('; ');
  return error instanceof Error ? error.message : String(error);
}

function banner(options: StartupOptions, host: HeadlessHost | null): string {
  const lines = [`Pairwise ${options.version} (${options.shell}), data folder ${options.userDataDir}`];
  if (host) {
    lines.push(
      `Pairwise is serving on 127.0.0.1 port ${host.port}. Open this address (it carries your access token):`,
      '',
      `    ${host.url}`,
      '',
      `From another machine, tunnel first: ssh -L ${host.port}:127.0.0.1:${host.port} <this machine>`,
    );
  }
  return `${lines.join('\n')}\n`;
}
