/** Streamed markdown cut into top-level blocks: the completed ones never change again, the open one grows. */
export interface SplitText {
  completed: readonly string[];
  open: string;
}

interface Fence {
  char: '`' | '~';
  length: number;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const BLANK = /^[ \t]*$/;

/**
 * Splits an answer that only ever grows into top-level markdown blocks, so a pane re-parses only the block
 * still being written. A blank line ends a block when the next line starts at the margin and no code fence is
 * open; an indented line after a blank one (a list item's second paragraph, code inside a list) stays in its
 * block, and so does the next item of the same list (a loose list, "1. a" blank "2. b", is one list, not three),
 * so every block renders on its own as it would inside the whole document.
 *
 * Incremental: each call scans only the lines that arrived since the last one. Text that does not extend the
 * previous text (a regenerated answer, a corrected final text) starts the scan over.
 */
export class BlockSplitter {
  private text = '';
  private readonly blocks: string[] = [];
  /** Where the open block starts in `text`. */
  private openStart = 0;
  /** The start of the first line not yet scanned (only complete lines are scanned). */
  private scanFrom = 0;
  private fence: Fence | null = null;
  private afterBlank = false;
  /** The marker kind of the list the open block is in, at the margin ('-', '*', '+', '.', ')'), or null. */
  private listKind: string | null = null;

  split(text: string): SplitText {
    if (!text.startsWith(this.text)) this.reset();
    this.text = text;
    for (let end = text.indexOf('\n', this.scanFrom); end !== -1; end = text.indexOf('\n', this.scanFrom)) {
      this.scanLine(this.scanFrom, text.slice(this.scanFrom, end));
      this.scanFrom = end + 1;
    }
    return { completed: this.blocks.slice(), open: text.slice(this.openStart) };
  }

  private scanLine(start: number, line: string): void {
    if (this.fence) {
      if (closesFence(line, this.fence)) this.fence = null;
      return;
    }
    if (BLANK.test(line)) {
      this.afterBlank = true;
      return;
    }
    const atMargin = line[0] !== ' ' && line[0] !== '\t';
    const kind = atMargin ? listItemKind(line) : null;
    if (this.afterBlank && atMargin && start > this.openStart && (kind === null || kind !== this.listKind)) {
      this.blocks.push(this.text.slice(this.openStart, start).trimEnd());
      this.openStart = start;
      this.listKind = null;
    }
    if (kind !== null) this.listKind = kind;
    else if (atMargin && this.afterBlank) this.listKind = null;
    this.afterBlank = false;
    this.fence = opensFence(line);
  }

  private reset(): void {
    this.text = '';
    this.blocks.length = 0;
    this.openStart = 0;
    this.scanFrom = 0;
    this.fence = null;
    this.afterBlank = false;
    this.listKind = null;
  }
}

/** '-', '*' or '+' for a bullet item, '.' or ')' for an ordered one (CommonMark's list kinds), else null. */
function listItemKind(line: string): string | null {
  if (/^([-*_])[ \t]*(?:\1[ \t]*){2,}$/.test(line)) return null; // a thematic break ("* * *"), not an item
  const bullet = /^([-*+])(?:[ \t]|$)/.exec(line);
  if (bullet) return bullet[1]!;
  const ordered = /^\d{1,9}([.)])(?:[ \t]|$)/.exec(line);
  return ordered ? ordered[1]! : null;
}

function opensFence(line: string): Fence | null {
  const marker = FENCE_OPEN.exec(line)?.[1];
  if (!marker) return null;
  // A backtick fence's info string cannot contain a backtick (CommonMark 4.5): "```a`b" is inline code.
  if (marker[0] === '`' && line.slice(line.indexOf(marker) + marker.length).includes('`')) return null;
  return { char: marker[0] as Fence['char'], length: marker.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!match && match[1]![0] === fence.char && match[1]!.length >= fence.length;
}
