// The session index's data (session-index.ts): what it hands out per comparison and vote, the shape of its
// snapshot (session-snapshot.ts writes and reads it), its column codes, and the growable columns it is built of.
import type { SideOutcome } from '../../shared/compare';
import type { ModelIndex, ServerRecord, SessionHeaderRecord, SessionSettings, Side, Verdict } from '../../shared/sessions';
import type { TextBlocksSnapshot } from './session-text';
import type { RunLedgerSnapshot } from './session-runs';

/** One side of a comparison, as the history shows it (its answer: `SessionIndex.preview` and `content`). */
export interface SideEntry {
  outcome: SideOutcome['kind'];
  ttftMs: number | null;
  decodeTokensPerS: number | null;
  e2eMs: number | null;
  outputTokens: number | null;
}

/**
 * A vote, kept small: what the history filters read, and where its record is (votes are kept as their JSON text,
 * in text blocks, and parsed again when asked for; 85,000 vote objects with their scores were most of what the
 * collector had to copy).
 */
export interface VoteEntry {
  id: string;
  /** As it stands: later edits of the comment and the category applied. */
  verdict: Verdict;
  comment: string;
  category: string;
  /** The edits, to apply to the recorded vote; null if there were none. */
  edited: { comment?: string; category?: string } | null;
  /** Its record's JSON, as an item of the vote text blocks. */
  item: number;
  undone: boolean;
  /** The comparison it is for (its number), or -1 for a stray vote found in a file. */
  comparison: number;
  /** The vote cast before it on the same comparison, or null. */
  previous: VoteEntry | null;
  /** Its place among the session's votes, in the order cast. */
  order: number;
}

/** A comparison as the history list shows it, made on demand from the columns. */
export interface ComparisonEntry {
  /** Its number: 0 for the first comparison of the file. */
  index: number;
  id: string;
  conversationId: string;
  turn: number;
  at: string;
  /** Its line in the file. */
  offset: number;
  byteLength: number;
  mapping: Record<Side, ModelIndex>;
  blind: boolean;
  /** Recorded under equal reveal: its timings were held back until the vote. */
  equalReveal: boolean;
  userMessage: string;
  sides: Record<Side, SideEntry>;
  /** The effective vote: the last not undone. */
  effective: VoteEntry | null;
}

/** A record's line in the file. */
export interface LineRange {
  offset: number;
  byteLength: number;
}

/** Lines of the file in two columns of the same length, for streaming records again (without the corrupt ones). */
export interface LineRanges {
  readonly offsets: Float64Array;
  readonly byteLengths: Float64Array;
}

export const OUTCOME_KINDS = ['done', 'error', 'cancelled'] as const satisfies readonly SideOutcome['kind'][];
export const OUTCOME_CODES: Record<string, number> = { done: 0, error: 1, cancelled: 2 };
export const SIDE_NUMBERS = { left: 0, right: 1 } as const satisfies Record<Side, number>;
/** The timings the history shows, per side, in this order. */
export const TIMINGS = ['ttftMs', 'decodeTokensPerS', 'e2eMs', 'outputTokens'] as const;
/** The text fields of a comparison, in its text blocks. */
export const FIELD_PROMPT = 0;
export const FIELD_OF_SIDE = { left: 1, right: 2 } as const satisfies Record<Side, number>;
/** Flag bits per comparison: whether it was blind, under equal reveal (the models: the `models` column). */
export const BLIND = 4;
export const EQUAL_REVEAL = 8;

/** Throws, naming the first part of a snapshot whose length is not the one it must have: [part, actual, expected]. */
export function checkLengths(lengths: readonly [what: string, actual: number, expected: number][]): void {
  for (const [what, actual, expected] of lengths) if (actual !== expected) throw new Error(`the snapshot's ${what} has ${actual} entries, not ${expected}`);
}

export function grownFloat(array: Float64Array<ArrayBuffer>, needed: number): Float64Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const bigger = new Float64Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

export function grownInt(array: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const bigger = new Int32Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

export function grownBytes(array: Uint8Array<ArrayBuffer>, needed: number): Uint8Array<ArrayBuffer> {
  if (needed <= array.length) return array;
  const bigger = new Uint8Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}

export type F64 = Float64Array<ArrayBuffer>;
export type I32 = Int32Array<ArrayBuffer>;
export type U8 = Uint8Array<ArrayBuffer>;

/** What an index snapshot holds beside its columns: plain JSON. */
export interface IndexMeta {
  header: SessionHeaderRecord;
  name: string;
  settings: SessionSettings;
  updatedAt: string;
  voteCount: number;
  ids: string[];
  ats: string[];
  conversationIds: string[];
  /** In the order of the servers map (first appearance), each as it stands. */
  servers: ServerRecord[];
  /** Per session model, its latest server record. */
  latest: (ServerRecord | null)[];
  runs: RunLedgerSnapshot;
  votes: {
    ids: string[];
    verdicts: string[];
    comments: string[];
    /** The categories in use; each vote's is a number into this (voteCategory). */
    categories: string[];
    /** The votes with edits: [order, edits]. */
    edited: [number, { comment?: string; category?: string }][];
  };
}

/** The index's columns in a snapshot (each exactly as long as it needs to be). */
export interface IndexColumns {
  lineOffsets: F64;
  lineLengths: F64;
  conversationOf: I32;
  conversationFirst: I32;
  turns: F64;
  offsets: F64;
  byteLengths: F64;
  flags: U8;
  /** Per comparison and side (2i + side): the session model that answered. */
  models: U8;
  outcomes: U8;
  timings: F64;
  /** Per comparison, a vote's order or -1. */
  latestVote: I32;
  effective: I32;
  /** Per vote (in the order cast). */
  voteCategory: I32;
  voteItem: I32;
  voteUndone: U8;
  voteComparison: I32;
  votePrevious: I32;
}

/** The whole index as data (session-snapshot.ts writes and reads it); made at once, unchanged by later adds. */
export interface IndexSnapshot {
  meta: IndexMeta;
  columns: IndexColumns;
  text: TextBlocksSnapshot;
  voteText: TextBlocksSnapshot;
}

/** A growing list of line ranges; a snapshot is a view of the lines so far, which later pushes never change. */
export class LineList {
  private offsets = new Float64Array(1024);
  private lengths = new Float64Array(1024);
  private count = 0;

  push(offset: number, byteLength: number): void {
    this.offsets = grownFloat(this.offsets, this.count + 1);
    this.lengths = grownFloat(this.lengths, this.count + 1);
    this.offsets[this.count] = offset;
    this.lengths[this.count] = byteLength;
    this.count += 1;
  }

  snapshot(): LineRanges {
    return { offsets: this.offsets.subarray(0, this.count), byteLengths: this.lengths.subarray(0, this.count) };
  }

  restore(offsets: Float64Array<ArrayBuffer>, lengths: Float64Array<ArrayBuffer>): void {
    if (offsets.length !== lengths.length) throw new Error('the line columns of the snapshot differ in length');
    this.offsets = offsets;
    this.lengths = lengths;
    this.count = offsets.length;
  }
}

