import { EventEmitter } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confBackend } from '../../electron/services/store/conf-backend';
import { processRunning, waitUntil } from '../../electron/services/engines/process/process-group';
import { STOP_SIGNALS } from '../../electron/host/stop-signals';
import { StartupError, startPairwise, type RunningPairwise, type StartupOptions } from '../../electron/host/startup';
import { emulatorEnv } from '../support/emulator';
import { emulatedDraft } from '../support/engine-harness';
import { makeTempDir } from '../support/temp-dir';

// The one start-up module every shell goes through (desktop, Electron --headless, node out/main/host.js), in
// this process: a stand-in for the process's signals and exit, real services, a real host, emulated servers.
describe('starting and stopping Pairwise', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let signals: EventEmitter;
  let exits: number[];
  let output: () => string;
  let running: RunningPairwise | undefined;

  beforeEach(async () => {
    dir = await makeTempDir();
    signals = new EventEmitter();
    exits = [];
    running = undefined;
  });
  afterEach(async () => {
    await running?.shutdown('test over');
    await dir.remove();
  });

  function options(overrides: Partial<StartupOptions> = {}): StartupOptions {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    output = () => text;
    writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>Pairwise</title>');
    return {
      shell: 'headless',
      version: '9.9.9-test',
      userDataDir: join(dir.path, 'data'),
      createStoreBackend: confBackend,
      host: { port: 0, rendererDir: dir.path },
      exit: (code) => exits.push(code),
      signals,
      stdout,
      stderr,
      services: { env: emulatorEnv(), timings: { stopGraceMs: 3000, readyDeadlineMs: 30_000 } },
      ...overrides,
    };
  }

  async function launchServer(pidFile: string, knobs: Record<string, string> = {}): Promise<number[]> {
    const { services } = running!;
    const profile = services.profiles.create(emulatedDraft('Qwen/Qwen3-4B-Instruct-2507', { VLLM_EMU_PID_FILE: pidFile, ...knobs }));
    const ready = new Promise<void>((resolve) => services.bus.on('engines.status', (s) => s.profileId === profile.id && s.state === 'ready' && resolve()));
    await services.engines.launch(profile.id, true);
    await ready;
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { apiServer: number; engine: number[] };
    return [pids.apiServer, ...pids.engine];
  }

  it.each(STOP_SIGNALS)('%s stops the host and every server, then exits 0', async (signal) => {
    running = await startPairwise(options());
    expect(output()).toContain(`Open this address (it carries your access token):\n\n    ${running.host!.url}`);
    const pids = await launchServer(join(dir.path, 'pids.json'));

    signals.emit(signal, signal);
    await waitUntil(() => exits.length > 0, 15_000, 10);
    expect(exits).toEqual([0]);
    expect(pids.filter(processRunning)).toEqual([]);
    expect(await fetch(running.host!.url).then(() => 'answered', () => 'refused')).toBe('refused');
    expect(output()).toContain(`${signal}: stopping the servers Pairwise launched`);
    expect(signals.listenerCount(signal)).toBe(0);
  });

  it('the desktop shell (no host) stops the same way, and a quit and a signal together stop once', async () => {
    running = await startPairwise(options({ shell: 'electron', host: undefined }));
    expect(running.host).toBeNull();
    expect(output()).not.toContain('Open this address');
    const pids = await launchServer(join(dir.path, 'pids.json'));
    const profileId = running.services.profiles.list()[0]!.id;
    const quit = running.shutdown('Quit');
    signals.emit('SIGTERM', 'SIGTERM');
    // The window's IPC stays up while it quits: a launch now would outlive the app, so it is refused.
    expect(await running.services.dispatch('engines.launch', { profileId, force: true })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Pairwise is quitting: no server can be launched now.' },
    });
    await quit;
    expect(exits).toEqual([0]);
    expect(pids.filter(processRunning)).toEqual([]);
    expect(output().match(/stopping the servers/g)).toHaveLength(1);
  });

  it('a signal repeated at once (a library re-raising it) does not cut the shutdown short', async () => {
    running = await startPairwise(options());
    // A server that ignores SIGTERM keeps the shutdown waiting out its grace period.
    const pids = await launchServer(join(dir.path, 'pids.json'), { VLLM_EMU_IGNORE_SIGTERM: '1' });
    signals.emit('SIGINT', 'SIGINT');
    signals.emit('SIGINT', 'SIGINT');
    await waitUntil(() => exits.length > 0, 15_000, 10);
    expect(exits).toEqual([0]);
    expect(pids.filter(processRunning)).toEqual([]);
    expect(output()).not.toContain('exiting now');
  });

  it('says what to do when the port is taken, and leaves no signal handler behind', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startPairwise(options({ host: { port, rendererDir: dir.path } }))).rejects.toThrow(
        new StartupError(`Port ${port} is in use. Pick another with --port, or leave it out to get a free one.`),
      );
      for (const signal of STOP_SIGNALS) expect(signals.listenerCount(signal)).toBe(0);
    } finally {
      taken.close();
    }
  });
});
