import { parseArgs } from 'node:util';

/** What a shell may be told on its command line: the same words for `node out/main/host.js` and `pairwise --headless`. */
export interface StartArgs {
  /** 0 = a free port chosen by the OS. */
  port: number;
  /** The data folder; null = the desktop app's own. */
  data: string | null;
  help: boolean;
}

export const START_USAGE = [
  'Usage: pairwise-host [--port N] [--data DIR]    (the desktop app: pairwise --headless [--port N] [--data DIR])',
  '  --port  port on 127.0.0.1 (default: a free one)',
  "  --data  data folder (default: the desktop app's)",
  '',
  'Without the UI: pairwise-host export --help, pairwise-host import --help (exports and imports of rating sessions).',
  '',
].join('\n');

/**
 * `strict: false` for Electron, whose command line also carries Chromium's switches and the app path; the host's
 * own command line is strict, so a mistyped flag is refused instead of ignored.
 */
export function parseStartArgs(args: string[], options: { strict: boolean }): StartArgs | { error: string } {
  let values: { port?: string | boolean; data?: string | boolean; help?: string | boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: options.strict,
      allowPositionals: !options.strict,
      options: { port: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return { error: `${error instanceof Error ? error.message : String(error)}\n${START_USAGE}` };
  }
  const portText = typeof values.port === 'string' ? values.port : '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return { error: `--port must be a whole number from 0 to 65535, not "${portText}".` };
  if (values.data === true || values.data === '') return { error: '--data needs a folder, e.g. --data /srv/pairwise.' };
  return { port, data: typeof values.data === 'string' ? values.data : null, help: values.help === true };
}
