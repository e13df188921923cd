import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints synthetic files placed (by name only) in each layer, with the project's real ESLint config.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture boundaries (npm run lint)', () => {
  it.each(['electron/services/engines/probe.ts', 'electron/host/extra.ts', 'electron/shared/thing.ts'])('forbids electron in %s', async (file) => {
    const messages = await restrictedImports("import { app } from 'electron';\nexport const v = app;\n", file);
    expect(messages.join('\n')).toMatch(/plain Node modules/);
  });

  it('forbids Node modules in electron/shared', async () => {
    expect(await restrictedImports("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'electron/shared/x.ts')).toHaveLength(1);
    expect(await restrictedImports("import { join } from 'path';\nexport const j = join;\n", 'electron/shared/x.ts')).toHaveLength(1);
  });

  it('allows electron in main and preload, and Node in services', async () => {
    expect(await restrictedImports("import { app } from 'electron';\nexport const v = app;\n", 'electron/main/x.ts')).toEqual([]);
    expect(await restrictedImports("import { app } from 'electron';\nexport const v = app;\n", 'electron/preload/x.ts')).toEqual([]);
    expect(await restrictedImports("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'electron/services/x.ts')).toEqual([]);
  });
});
