// The searchable text of a session's comparisons (issue 9), kept in a few hundred big strings rather than in three
// small strings per comparison. A block holds the fields of a run of items, each field followed by a separator
// (NUL), and the offset where each field starts; a field, or a preview of one, is sliced from its block on demand.
//
// Why blocks: a string over ~128 KB lives in V8's large-object space, which the young-generation collector never
// copies, so loading 100,000 comparisons no longer spends most of its time copying 300,000 surviving strings; and one
// regular expression over a block finds matches without a call per field. Two blocks are filled at a time, one for
// items whose text is all Latin-1 (one byte a character in V8) and one for the rest, so a session with some CJK in
// it does not store all of its text two bytes a character.
//
// A search never matches across two fields (so never across two comparisons): the query is matched as escaped
// literal text, and a query without NUL cannot match a NUL separator. A query that does contain NUL (nothing the
// app sends, but possible) is matched field by field instead, as before.

const SEPARATOR = '\u0000';
/** A block is closed once its text reaches this many characters: big enough for large-object space. */
export const BLOCK_CHARS = 256 * 1024;
/** A code unit beyond Latin-1 (surrogates included). */
const NOT_LATIN1 = /[\u0100-\uffff]/;

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Block {
  /** Its place in `blocks`. */
  index: number;
  /** Its lane: some of its text is beyond Latin-1 (so it is stored two bytes a character). */
  wide: boolean;
  /** The fields joined, each followed by NUL (the last one's NUL implied); null while open and not asked for. */
  text: string | null;
  /** Open: the fields, until the block is closed. */
  parts: string[] | null;
  /** Where each field starts, and one more entry where a next field would start. */
  starts: number[] | Int32Array;
  /** The item of each run of `fields` fields, ascending. */
  items: number[] | Int32Array;
  /** Characters of text so far, separators included. */
  chars: number;
}

/** The upper bound: the index of the last entry of the ascending `values` that is ≤ `value` (values[0] ≤ value). */
function lastAtMost(values: ArrayLike<number>, count: number, value: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (values[mid]! <= value) low = mid;
    else high = mid - 1;
  }
  return low;
}

function grown(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const bigger = new Int32Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** One block in an index snapshot. */
export interface BlockSnapshot {
  text: string;
  /** Stored two bytes a character (UTF-16LE) rather than one (Latin-1). */
  wide: boolean;
  starts: Int32Array;
  items: Int32Array;
}

export interface TextBlocksSnapshot {
  count: number;
  blocks: BlockSnapshot[];
  /** The open block of each lane, or -1. */
  open: [number, number];
}

export class TextBlocks {
  private readonly blocks: Block[] = [];
  /** The open block of each lane: [Latin-1 only, any text]. */
  private readonly open: [Block | null, Block | null] = [null, null];
  private blockOf = new Int32Array(1024);
  /** The item's position (in items) within its block. */
  private slotOf = new Int32Array(1024);
  private count = 0;

  constructor(
    /** Fields per item. */
    private readonly fields: number,
    private readonly blockChars = BLOCK_CHARS,
  ) {}

  get length(): number {
    return this.count;
  }

  /** Adds one item's fields (exactly `fields` of them); returns its number (0, 1, …). */
  add(fields: readonly string[]): number {
    if (fields.length !== this.fields) throw new Error(`an item has ${this.fields} fields, not ${fields.length}`);
    const lane = fields.some((f) => NOT_LATIN1.test(f)) ? 1 : 0;
    let block = this.open[lane];
    if (block === null) {
      block = { index: this.blocks.length, wide: lane === 1, text: null, parts: [], starts: [0], items: [], chars: 0 };
      this.blocks.push(block);
      this.open[lane] = block;
    }
    const item = this.count;
    this.blockOf = grown(this.blockOf, item + 1);
    this.slotOf = grown(this.slotOf, item + 1);
    this.blockOf[item] = block.index;
    this.slotOf[item] = block.items.length;
    (block.items as number[]).push(item);
    const parts = block.parts!;
    const starts = block.starts as number[];
    for (const field of fields) {
      parts.push(field);
      block.chars += field.length + 1;
      starts.push(block.chars);
    }
    block.text = null;
    this.count += 1;
    if (block.chars >= this.blockChars) this.close(lane);
    return item;
  }

  private close(lane: 0 | 1): void {
    const block = this.open[lane]!;
    block.text = block.parts!.join(SEPARATOR);
    block.parts = null;
    block.starts = Int32Array.from(block.starts);
    block.items = Int32Array.from(block.items);
    this.open[lane] = null;
  }

  /**
   * The blocks as they stand, for an index snapshot (session-snapshot.ts): made at once, and never changed by later
   * adds (a closed block's text and columns never change; an open block's are copied).
   */
  snapshot(): TextBlocksSnapshot {
    const blocks = this.blocks.map((block): BlockSnapshot => {
      const open = block.parts !== null;
      return {
        text: this.textOf(block),
        wide: block.wide,
        starts: open ? Int32Array.from(block.starts) : (block.starts as Int32Array),
        items: open ? Int32Array.from(block.items) : (block.items as Int32Array),
      };
    });
    return { count: this.count, blocks, open: [this.open[0]?.index ?? -1, this.open[1]?.index ?? -1] };
  }

  /** Restores the blocks of a snapshot into this (empty) instance; its open blocks stay open to be filled further. */
  restore(snapshot: TextBlocksSnapshot): void {
    if (this.count !== 0) throw new Error('restore() needs an empty TextBlocks');
    const { count, blocks, open } = snapshot;
    this.blockOf = new Int32Array(Math.max(1024, count));
    this.slotOf = new Int32Array(Math.max(1024, count));
    blocks.forEach((b, index) => {
      const itemCount = b.items.length;
      if (b.starts.length !== itemCount * this.fields + 1) throw new Error(`block ${index} of the snapshot is inconsistent`);
      const block: Block = { index, wide: b.wide, text: b.text, parts: null, starts: b.starts, items: b.items, chars: b.starts[itemCount * this.fields]! };
      for (let slot = 0; slot < itemCount; slot += 1) {
        const item = b.items[slot]!;
        if (!(item >= 0 && item < count)) throw new Error(`block ${index} of the snapshot names an item out of range`);
        this.blockOf[item] = index;
        this.slotOf[item] = slot;
      }
      this.blocks.push(block);
    });
    for (const lane of [0, 1] as const) {
      const index = open[lane];
      if (index < 0) continue;
      const block = this.blocks[index]!;
      const starts = Array.from(block.starts);
      block.parts = starts.slice(0, -1).map((start, k) => block.text!.slice(start, starts[k + 1]! - 1));
      block.starts = starts;
      block.items = Array.from(block.items);
      this.open[lane] = block;
    }
    this.count = count;
  }

  private textOf(block: Block): string {
    block.text ??= block.parts!.join(SEPARATOR);
    return block.text;
  }

  private locate(item: number, field: number): { block: Block; start: number; end: number } {
    if (!(item >= 0 && item < this.count) || !(field >= 0 && field < this.fields)) throw new RangeError(`no field ${field} of item ${item}`);
    const block = this.blocks[this.blockOf[item]!]!;
    const k = this.slotOf[item]! * this.fields + field;
    return { block, start: block.starts[k]!, end: block.starts[k + 1]! - 1 };
  }

  /** One field of an item, whole. */
  field(item: number, field: number): string {
    const { block, start, end } = this.locate(item, field);
    if (block.parts !== null) return block.parts[this.slotOf[item]! * this.fields + field]!;
    return block.text!.slice(start, end);
  }

  /** The first `chars` characters of a field (what `field(...).slice(0, chars)` gives). */
  preview(item: number, field: number, chars: number): string {
    const { block, start, end } = this.locate(item, field);
    if (block.parts !== null) return block.parts[this.slotOf[item]! * this.fields + field]!.slice(0, chars);
    return block.text!.slice(start, Math.min(end, start + chars));
  }

  /**
   * Sets `hits[item]` to 1 for every item with `query` in one of its fields, case-insensitively (a regular
   * expression's `i`, as `new RegExp(escapeRegExp(query), 'i').test(field)` would find it). `query` must not be empty.
   */
  search(query: string, hits: Uint8Array): void {
    if (query === '') throw new Error('an empty query matches everything: do not search for it');
    if (query.includes(SEPARATOR)) return this.searchFields(new RegExp(escapeRegExp(query), 'i'), hits);
    const pattern = new RegExp(escapeRegExp(query), 'gi');
    const perItem = this.fields;
    for (const block of this.blocks) {
      const text = this.textOf(block);
      const { starts, items } = block;
      const fieldCount = items.length * perItem;
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        const slot = Math.floor(lastAtMost(starts, fieldCount, match.index) / perItem);
        hits[items[slot]!] = 1;
        // One match is enough: go on from the next item's first field.
        if (slot + 1 >= items.length) break;
        pattern.lastIndex = starts[(slot + 1) * perItem]!;
      }
    }
  }

  private searchFields(pattern: RegExp, hits: Uint8Array): void {
    for (let item = 0; item < this.count; item += 1) {
      for (let f = 0; f < this.fields; f += 1) {
        if (pattern.test(this.field(item, f))) {
          hits[item] = 1;
          break;
        }
      }
    }
  }
}
