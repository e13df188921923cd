// Per comparison and side, in a session's index (session-index.ts): the session model that answered, its
// outcome's kind and the timings the history shows, in typed arrays (2i + side; timings 8i + 4·side + k).
import type { ComparisonRecord, ModelIndex, Side } from '../../shared/sessions';
import { grownBytes, grownFloat, OUTCOME_CODES, OUTCOME_KINDS, SIDE_NUMBERS, TIMINGS, type IndexColumns, type SideEntry } from './session-index-data';

type SideColumnData = Pick<IndexColumns, 'models' | 'outcomes' | 'timings'>;

export class SideColumns {
  private models = new Uint8Array(2048);
  /** The outcome's kind, as its position in OUTCOME_KINDS. */
  private outcomes = new Uint8Array(2048);
  /** NaN for null (JSON has no NaN). */
  private timings = new Float64Array(8192);

  /** Comparison number `i`'s sides. */
  set(i: number, record: Pick<ComparisonRecord, 'mapping' | 'sides'>): void {
    this.models = grownBytes(this.models, 2 * (i + 1));
    this.outcomes = grownBytes(this.outcomes, 2 * (i + 1));
    this.timings = grownFloat(this.timings, 8 * (i + 1));
    for (const side of ['left', 'right'] as const) {
      const s = SIDE_NUMBERS[side];
      const { kind, timings } = record.sides[side].outcome;
      this.models[2 * i + s] = record.mapping[side];
      this.outcomes[2 * i + s] = OUTCOME_CODES[kind]!;
      for (let k = 0; k < TIMINGS.length; k += 1) this.timings[8 * i + 4 * s + k] = timings[TIMINGS[k]!] ?? Number.NaN;
    }
  }

  /** The model that answered on `side` of comparison `i`. */
  modelOn(i: number, side: Side): ModelIndex {
    return this.models[2 * i + SIDE_NUMBERS[side]]!;
  }

  /** One side of comparison `i`: its outcome kind and the timings the history shows. */
  sideOf(i: number, side: Side): SideEntry {
    const s = SIDE_NUMBERS[side];
    const timing = (k: number): number | null => {
      const value = this.timings[8 * i + 4 * s + k]!;
      return Number.isNaN(value) ? null : value;
    };
    return { outcome: OUTCOME_KINDS[this.outcomes[2 * i + s]!]!, ttftMs: timing(0), decodeTokensPerS: timing(1), e2eMs: timing(2), outputTokens: timing(3) };
  }

  snapshot(n: number): SideColumnData {
    return { models: this.models.subarray(0, 2 * n), outcomes: this.outcomes.subarray(0, 2 * n), timings: this.timings.subarray(0, 8 * n) };
  }

  /** The lengths a snapshot of `n` comparisons must have, for checkLengths. */
  static lengths(c: SideColumnData, n: number): [string, number, number][] {
    return [
      ['models', c.models.length, 2 * n],
      ['outcomes', c.outcomes.length, 2 * n],
      ['timings', c.timings.length, 8 * n],
    ];
  }

  restore(c: SideColumnData): void {
    this.models = c.models;
    this.outcomes = c.outcomes;
    this.timings = c.timings;
  }
}
