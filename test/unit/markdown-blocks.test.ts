// The streaming markdown splitter and renderer of the Compare view. The splitter's promise: every block renders on
// its own as it would inside the whole document, and feeding the answer piece by piece gives the same blocks as
// feeding it whole. The renderer's: nothing a model writes becomes markup or a link.
import { describe, expect, it } from 'vitest';
import { BlockSplitter } from '../../renderer/src/views/compare/markdown-blocks';
import { MarkdownRenderer } from '../../renderer/src/views/compare/markdown';
import { seededRandom } from '../support/scenario-server';

const DOCUMENTS: Record<string, string> = {
  'headings and paragraphs': '# Title\n\nFirst paragraph\nstill first.\n\n## Part two\n\nSecond paragraph.\n',
  'loose ordered list': '1. one\n\n2. two\n\n3. three\n\nAfter the list.\n',
  'loose bullet list with a second paragraph': '- alpha\n\n  more about alpha\n\n- beta\n\n- gamma\n\nDone.\n',
  'two lists of different kinds': '- a\n- b\n\n* c\n* d\n\n1) e\n\n2) f\n\n3. g\n',
  'list then thematic break': '* a\n\n* b\n\n* * *\n\nText.\n',
  'code fence with blank lines': 'Code:\n\n```python\ndef f():\n\n    return 1\n\n\nprint(f())\n```\n\nAfter.\n',
  'tilde fence inside a list': '1. step\n\n   ~~~bash\n   echo hi\n\n   echo there\n   ~~~\n\n2. next step\n',
  table: '| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n\nBelow the table.\n',
  'block quote': '> quoted\n> still quoted\n\n> another quote\n\nPlain.\n',
  'heading right after a list': '- a\n# H\n\n- b\n\nEnd.\n',
};

function splitWhole(text: string): string[] {
  const { completed, open } = new BlockSplitter().split(text);
  return [...completed, open];
}

const normalise = (html: string) => html.replace(/\n+/g, '\n').trim();

describe('BlockSplitter', () => {
  const renderer = new MarkdownRenderer();
  it.each(Object.entries(DOCUMENTS))('%s: the blocks rendered one by one equal the whole document rendered', (_name, text) => {
    const blocks = splitWhole(text);
    expect(blocks.join('\n\n').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim()); // nothing lost
    expect(normalise(blocks.map((block) => renderer.render(block)).join(''))).toBe(normalise(renderer.render(text)));
  });

  it('keeps a loose list in one block, and ends it where the list ends', () => {
    expect(splitWhole(DOCUMENTS['loose ordered list']!)).toEqual(['1. one\n\n2. two\n\n3. three', 'After the list.\n']);
  });

  it.each(Object.entries(DOCUMENTS))('%s: fed in random pieces, the same blocks as fed whole', (_name, text) => {
    for (let seed = 1; seed <= 25; seed++) {
      const next = seededRandom(seed);
      const splitter = new BlockSplitter();
      let completedSeen: readonly string[] = [];
      for (let end = 0; end < text.length; ) {
        end = Math.min(text.length, end + 1 + Math.floor(next() * 12));
        const { completed } = splitter.split(text.slice(0, end));
        // A completed block never changes again: earlier ones stay as they were.
        expect(completed.slice(0, completedSeen.length)).toEqual(completedSeen);
        completedSeen = completed;
      }
      const last = splitter.split(text);
      expect([...last.completed, last.open], `seed ${seed}`).toEqual(splitWhole(text));
    }
  });

  it('starts over when the text does not extend the previous one (a regenerated answer)', () => {
    const splitter = new BlockSplitter();
    splitter.split('# One\n\nText one.\n\n');
    expect(splitter.split('# Two\n\nOther.\n')).toEqual({ completed: ['# Two'], open: 'Other.\n' });
  });
});

describe('MarkdownRenderer', () => {
  const renderer = new MarkdownRenderer();
  it('shows raw HTML as text', () => {
    const html = renderer.render('Hello <img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n<div style="color:red">x</div>');
    expect(html).not.toMatch(/<img|<script|<div/);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('renders links and images as text, never as clickable or loading elements', () => {
    const html = renderer.render('[click](javascript:alert(1)) and ![pic](http://example.com/x.png) and <https://example.com>');
    expect(html).not.toMatch(/<a\b|<img\b|href=|src=/);
    expect(html).toContain('click');
  });

  it('highlights fenced code without letting the info string out of its attribute', () => {
    const html = renderer.render('```python" onmouseover="alert(1)\nprint("hi")\n```\n');
    expect(html).not.toMatch(/onmouseover="/);
    expect(renderer.render('```python\nprint("hi")\n```\n')).toMatch(/hljs-/);
  });

  it('renders tables with alignment as classes (the CSP refuses style attributes)', () => {
    const html = renderer.render(DOCUMENTS.table!);
    expect(html).toContain('<table>');
    expect(html).not.toContain('style=');
  });
});
