import { describe, expect, it } from 'vitest';
import { escapeRegExp, TextBlocks } from '../../electron/services/sessions/session-text';
import { seededRandom } from '../support/seeded-random';

/** What the blocks must agree with: the fields as separate strings, searched one by one. */
function oracle(items: string[][], query: string): number[] {
  const pattern = new RegExp(escapeRegExp(query), 'i');
  return items.flatMap((fields, item) => (fields.some((f) => pattern.test(f)) ? [item] : []));
}

function hitsOf(blocks: TextBlocks, query: string): number[] {
  const hits = new Uint8Array(blocks.length);
  blocks.search(query, hits);
  return [...hits.keys()].filter((i) => hits[i] === 1);
}

function filled(items: string[][], blockChars: number): TextBlocks {
  const blocks = new TextBlocks(3, blockChars);
  items.forEach((fields, i) => expect(blocks.add(fields)).toBe(i));
  return blocks;
}

describe('text blocks', () => {
  const items = [
    ['Explain attention', 'An attention layer weighs tokens.', 'Layers of ATTENTION'],
    ['量子计算 explained', 'Qubits hold superposition.', '梯度下降 and more'],
    ['Write a haiku', 'Autumn moonlight 🌕', 'a worm digs silently'],
    ['', '', ''],
    ['she said "yes"', 'ends with abc', 'def starts here'],
    ['x', 'München ÄÖÜ straße', 'plain'],
  ];

  it('gives back every field and its preview, in blocks of any size', () => {
    for (const blockChars of [1, 16, 64, 1 << 20]) {
      const blocks = filled(items, blockChars);
      items.forEach((fields, i) =>
        fields.forEach((text, f) => {
          expect(blocks.field(i, f)).toBe(text);
          expect(blocks.preview(i, f, 5)).toBe(text.slice(0, 5));
          expect(blocks.preview(i, f, 1000)).toBe(text);
        }),
      );
      expect(() => blocks.field(items.length, 0)).toThrow(RangeError);
      expect(() => blocks.field(0, 3)).toThrow(RangeError);
    }
  });

  it('finds text without regard to case, CJK and emoji included, and nothing that spans two fields or two items', () => {
    for (const blockChars of [1, 40, 1 << 20]) {
      const blocks = filled(items, blockChars);
      expect(hitsOf(blocks, 'ATTENTION layer')).toEqual([0]);
      expect(hitsOf(blocks, 'attention')).toEqual([0]);
      expect(hitsOf(blocks, '梯度下降')).toEqual([1]);
      expect(hitsOf(blocks, '量子')).toEqual([1]);
      expect(hitsOf(blocks, '🌕')).toEqual([2]);
      expect(hitsOf(blocks, 'SHE SAID "YES"')).toEqual([4]);
      expect(hitsOf(blocks, 'münchen äöü')).toEqual([5]);
      expect(hitsOf(blocks, '.*')).toEqual([]);
      // The end of one field and the start of the next, and the end of one item and the start of the next.
      expect(hitsOf(blocks, 'abcdef')).toEqual([]);
      expect(hitsOf(blocks, 'abc def')).toEqual([]);
      expect(hitsOf(blocks, 'silentlyshe')).toEqual([]);
      expect(hitsOf(blocks, 'ATTENTIONQubits')).toEqual([]);
      // A query with NUL in it is matched field by field, as the fields themselves.
      expect(hitsOf(blocks, 'abc\u0000def')).toEqual([]);
      expect(() => hitsOf(blocks, '')).toThrow(/empty/);
    }
  });

  it('matches a field that holds NUL itself, the way a separate string would', () => {
    const blocks = filled([['a\u0000b', 'x', 'y'], ['ab', 'z', 'w']], 4);
    expect(hitsOf(blocks, 'a\u0000b')).toEqual([0]);
    expect(hitsOf(blocks, 'ab')).toEqual([1]);
    expect(hitsOf(blocks, 'b')).toEqual([0, 1]);
    expect(blocks.field(0, 0)).toBe('a\u0000b');
  });

  it('agrees with searching the fields one by one, at every block boundary, while items are still being added', () => {
    const random = seededRandom(21);
    const words = ['ab', 'Ba', 'a', 'b', '梯', '度', 'é', 'É', '🚀', '"', ' '];
    const text = () => Array.from({ length: Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join('');
    const generated = Array.from({ length: 300 }, () => [text(), text(), text()]);
    const queries = ['ab', 'BA', 'a b', '梯度', 'é', 'É', '🚀', '" ', 'bab', 'aba b', 'z'];
    const blocks = new TextBlocks(3, 50);
    generated.forEach((fields, i) => {
      blocks.add(fields);
      if (i % 37 === 0) for (const q of queries) expect(hitsOf(blocks, q)).toEqual(oracle(generated.slice(0, i + 1), q));
    });
    for (const q of queries) expect(hitsOf(blocks, q)).toEqual(oracle(generated, q));
    generated.forEach((fields, i) => fields.forEach((f, k) => expect(blocks.field(i, k)).toBe(f)));
  });

  it('refuses an item with the wrong number of fields', () => {
    expect(() => new TextBlocks(3).add(['a', 'b'])).toThrow(/3 fields/);
  });

  it('restores from a snapshot, open blocks included, and goes on filling them as the original does', () => {
    const random = seededRandom(12);
    const alphabet = ['a', 'B', 'é', 'ß', '日', '🙂', ' ', '\u0000', '"'];
    const word = () => Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]!).join('');
    const all = Array.from({ length: 300 }, () => [word(), word(), word()]);
    for (const cut of [0, 1, 137, 300]) {
      const original = filled(all.slice(0, cut), 200);
      const snapshot = original.snapshot();
      const restored = new TextBlocks(3, 200);
      restored.restore(snapshot);
      expect(restored.length).toBe(cut);
      for (const fields of all.slice(cut)) expect(restored.add(fields)).toBe(original.add(fields));
      for (let item = 0; item < all.length; item += 1) for (let f = 0; f < 3; f += 1) expect(restored.field(item, f)).toBe(all[item]![f]);
      for (const query of ['é', 'ab', '日', '🙂', 'b ']) expect(hitsOf(restored, query)).toEqual(oracle(all, query));
      expect(snapshot.blocks.some((b) => b.wide)).toBe(cut > 0);
    }
  });
});
