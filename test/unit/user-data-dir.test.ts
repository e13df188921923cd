import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultUserDataDir } from '../../electron/host/user-data-dir';

describe("the headless host's default data folder (Electron's userData)", () => {
  it('follows XDG on Linux', () => {
    expect(defaultUserDataDir('Pairwise', { XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Pairwise');
    expect(defaultUserDataDir('Pairwise', {}, 'linux')).toBe(`${homedir()}/.config/Pairwise`);
  });
  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(defaultUserDataDir('Pairwise', {}, 'darwin')).toBe(`${homedir()}/Library/Application Support/Pairwise`);
    expect(defaultUserDataDir('Pairwise', { APPDATA: 'C:/Users/me/AppData/Roaming' }, 'win32')).toMatch(/Roaming.Pairwise$/);
  });
});
