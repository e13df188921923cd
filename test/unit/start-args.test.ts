import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../electron/host/start-args';

describe('the start-up command line', () => {
  it('reads --port and --data, with a free port and the default folder when absent', () => {
    expect(parseStartArgs([], { strict: true })).toEqual({ port: 0, data: null, help: false });
    expect(parseStartArgs(['--port', '8080', '--data', '/srv/pairwise'], { strict: true })).toEqual({ port: 8080, data: '/srv/pairwise', help: false });
    expect(parseStartArgs(['--port=9000', '-h'], { strict: true })).toEqual({ port: 9000, data: null, help: true });
  });

  it('refuses a port that is not a whole number from 0 to 65535, saying so', () => {
    for (const port of ['abc', '-1', '65536', '80.5', '']) {
      expect(parseStartArgs([`--port=${port}`], { strict: true }), port).toEqual({ error: `--port must be a whole number from 0 to 65535, not "${port}".` });
    }
  });

  it('refuses an unknown flag on the host command line, and ignores Electron and Chromium switches in Electron', () => {
    expect(parseStartArgs(['--prot', '80'], { strict: true })).toMatchObject({ error: expect.stringContaining("'--prot'") });
    expect(parseStartArgs(['.', '--headless', '--no-sandbox', '--port', '7000'], { strict: false })).toEqual({ port: 7000, data: null, help: false });
  });

  it('wants a folder after --data', () => {
    expect(parseStartArgs(['--data', ''], { strict: true })).toEqual({ error: '--data needs a folder, e.g. --data /srv/pairwise.' });
  });
});
