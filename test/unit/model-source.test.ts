import { describe, expect, it } from 'vitest';
import { expandHome } from '../../electron/services/models/home-folder';
import { isAbsolutePath, isLocalModelSource } from '../../electron/shared/paths';

describe('a model source', () => {
  it.each([
    '/models/qwen', './qwen', '../models/qwen', '.', '..', '.\\qwen', '..\\models\\qwen', '~', '~/models/qwen', '~\\models\\qwen',
    'C:\\models\\qwen', 'C:/models/qwen', 'd:\\qwen', '\\\\nas\\models\\qwen', '\\models\\qwen',
  ])('%s is a local folder', (source) => {
    expect(isLocalModelSource(source)).toBe(true);
  });

  it.each(['Qwen/Qwen2-7B-Instruct', 'gpt2', 'meta-llama/Llama-3.1-8B-Instruct', 'Qwen/Qwen2.5-0.5B-Instruct', 'mistralai/Mistral-7B-v0.1', 'models/qwen'])(
    '%s is a Hugging Face id',
    (source) => {
      expect(isLocalModelSource(source)).toBe(false);
    },
  );
});

describe('absolute paths (a data folder must be one)', () => {
  it('knows POSIX, drive and UNC forms, and nothing relative', () => {
    expect(['/x', 'C:\\x', 'c:/x', '\\\\server\\share\\x'].map(isAbsolutePath)).toEqual([true, true, true, true]);
    expect(['x', './x', '~/x', 'C:x', '\\\\server'].map(isAbsolutePath)).toEqual([false, false, false, false, false]);
  });
});

describe('~ in a model folder', () => {
  it('is the home folder, as a shell would read it', () => {
    expect(expandHome('~', '/home/me')).toBe('/home/me');
    expect(expandHome('~/models/qwen', '/home/me')).toBe('/home/me/models/qwen');
    expect(expandHome('~/', '/home/me/')).toBe('/home/me/');
  });

  it('is left alone where a shell would not expand it, or the home is unknown', () => {
    expect(expandHome('~other/models', '/home/me')).toBe('~other/models');
    expect(expandHome('./~/models', '/home/me')).toBe('./~/models');
    expect(expandHome('/srv/~/models', '/home/me')).toBe('/srv/~/models');
    expect(expandHome('~/models', undefined)).toBe('~/models');
  });
});
