// `npm run serve` / `node out/main/host.js [--port N] [--data DIR]`: the app's services and UI in plain Node,
// for e2e tests and for GPU servers without a display (open the URL through an SSH tunnel). Its first word may
// instead be a command (`export`, `import`: commands.ts), which runs without servers or UI, then exits.
import { fileURLToPath } from 'node:url';
import { confBackend } from '../services/store/conf-backend';
import { isCommandName } from './commands';
import { runCommand } from './command-run';
import { parseStartArgs, START_USAGE } from './start-args';
import { StartupError, startPairwise } from './startup';
import { defaultUserDataDir } from './user-data-dir';

declare const __PAIRWISE_VERSION__: string;

async function main(): Promise<void> {
  const args = parseStartArgs(process.argv.slice(2), { strict: true });
  if ('error' in args) fail(args.error);
  if (args.help) return void process.stdout.write(START_USAGE);
  await startPairwise({
    shell: 'headless',
    version: typeof __PAIRWISE_VERSION__ === 'string' ? __PAIRWISE_VERSION__ : '0.0.0-dev',
    userDataDir: args.data ?? defaultUserDataDir('Pairwise'),
    createStoreBackend: confBackend,
    host: { port: args.port, rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)) },
    exit: (code) => process.exit(code),
  });
}

function fail(message: string): never {
  process.stderr.write(`pairwise: ${message}\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
if (isCommandName(argv[0])) {
  // Exits once stdout has taken the last message (pipes are asynchronous on some platforms).
  runCommand(argv)
    .catch((error: unknown) => {
      process.stderr.write(`pairwise: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    })
    .then((code) => process.stdout.write('', () => process.exit(code)));
} else {
  main().catch((error: unknown) => {
    if (error instanceof StartupError) fail(error.message);
    process.stderr.write(`pairwise: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
