// Markdown to HTML for model answers: markdown-it for the text, highlight.js (core + a handful of languages,
// so the bundle stays small) for fenced code.
//
// Safety: `html: false` makes markdown-it escape any raw HTML in the model's output, so it is shown as text
// and never becomes markup; with that, the output needs no sanitizer. Links and images are rendered as text
// too (see below), and nothing here emits a `style` attribute, which the CSP (style-src 'self') would refuse.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdownLanguage from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

const LANGUAGES = { bash, c, cpp, go, java, javascript, json, markdown: markdownLanguage, python, rust, sql, typescript, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

/** Above this many characters, code in a block that is still streaming is shown plain (highlighted once complete). */
const LIVE_HIGHLIGHT_LIMIT = 6000;

/** Completed blocks kept rendered: a long session's answers, a few hundred blocks each. */
const CACHE_ENTRIES = 5000;

export interface RenderOptions {
  /** False for a block still growing: big code is then left plain rather than re-highlighted on every frame. */
  highlight: boolean;
}

/** One configured renderer per pane set; cheap to create, kept for the view's lifetime. */
export class MarkdownRenderer {
  private readonly md: MarkdownIt;
  private liveHighlight = true;
  private readonly cache = new Map<string, string>();

  constructor() {
    this.md = new MarkdownIt({
      html: false, // raw HTML from the model is escaped and shown as text: safe without a sanitizer
      linkify: false,
      typographer: false,
      highlight: (code, info) => this.highlight(code, info),
    });
    renderLinksAsText(this.md);
    renderImagesAsText(this.md);
    alignTableCellsWithClasses(this.md);
  }

  /**
   * highlight.js compiles a language's grammar on its first use (about 10 ms for python): do that while the
   * app is idle, one language per idle period, rather than in the middle of a streamed frame. Returns a stop.
   */
  warmUp(): () => void {
    const pending = Object.keys(LANGUAGES);
    let handle = 0;
    const next = () => {
      const language = pending.shift();
      if (!language) return;
      hljs.highlight('x', { language, ignoreIllegals: true });
      handle = requestIdleCallback(next);
    };
    handle = requestIdleCallback(next);
    return () => cancelIdleCallback(handle);
  }

  /** A completed block: rendered once per distinct text, then served from the cache. */
  renderBlock(text: string): string {
    const cached = this.cache.get(text);
    if (cached !== undefined) {
      // Map order is insertion order: re-inserting marks the entry as recently used.
      this.cache.delete(text);
      this.cache.set(text, cached);
      return cached;
    }
    const html = this.render(text, { highlight: true });
    this.cache.set(text, html);
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return html;
  }

  /** Any text, uncached: the block still being streamed changes on every frame. */
  render(text: string, options: RenderOptions = { highlight: true }): string {
    this.liveHighlight = options.highlight || text.length <= LIVE_HIGHLIGHT_LIMIT;
    return this.md.render(text);
  }

  /** Returns the inner HTML of the code element; markdown-it adds the escaping fallback and the wrapper. */
  private highlight(code: string, info: string): string {
    const language = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (!this.liveHighlight || !language || !hljs.getLanguage(language)) return '';
    try {
      return hljs.highlight(code, { language, ignoreIllegals: true }).value;
    } catch {
      return ''; // markdown-it escapes the code itself when given ''
    }
  }
}

/**
 * Links in model output are often invented, and the app must never navigate away from itself (Electron denies
 * it anyway): a link is shown as its text followed by its address, which the reader can copy.
 */
function renderLinksAsText(md: MarkdownIt): void {
  md.renderer.rules.link_open = () => '<span class="md-link">';
  md.renderer.rules.link_close = (tokens, idx) => {
    const open = findOpening(tokens, idx);
    const href = open?.attrGet('href') ?? '';
    const shownAsText = open?.markup === 'autolink' || open?.markup === 'linkify';
    return shownAsText || !href ? '</span>' : `</span> <span class="md-link-url">(${md.utils.escapeHtml(href)})</span>`;
  };
}

function findOpening(tokens: Token[], closeIndex: number): Token | undefined {
  for (let i = closeIndex - 1; i >= 0; i--) if (tokens[i]?.type === 'link_open') return tokens[i];
  return undefined;
}

/** Remote images would be blocked by the CSP (img-src 'self') and could track the reader: show alt text and address. */
function renderImagesAsText(md: MarkdownIt): void {
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const src = token.attrGet('src') ?? '';
    return `<span class="md-image">[image: ${md.utils.escapeHtml(alt || 'no description')}] <span class="md-link-url">(${md.utils.escapeHtml(src)})</span></span>`;
  };
}

/** markdown-it aligns table cells with `style="text-align:..."`, which the CSP refuses: use classes instead. */
function alignTableCellsWithClasses(md: MarkdownIt): void {
  for (const rule of ['th_open', 'td_open'] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      const token = tokens[idx]!;
      const align = /text-align:(left|center|right)/.exec(token.attrGet('style') ?? '')?.[1];
      if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== 'style');
      if (align) token.attrJoin('class', `md-align-${align}`);
      return self.renderToken(tokens, idx, options);
    };
  }
}
