// The rows of one history query, held page by page as the list scrolls, so a session of 100,000 comparisons
// is never fetched (or held) whole. Pure bookkeeping; use-history.ts does the fetching.
import type { HistoryItem } from '../../../../electron/shared/sessions';

/** Rows per `sessions.history` request (the contract allows up to 500): a few screens of rows. */
export const PAGE_SIZE = 100;

export class HistoryPages {
  /** Bumped by every reset: a reply for an older generation answers a question nobody asks any more. */
  generation = 0;
  private readonly pages = new Map<number, HistoryItem[]>();
  /** Pages fetched for the current generation; the others are shown until their refetch lands. */
  private readonly fresh = new Set<number>();
  private readonly inFlight = new Set<number>();

  /**
   * A new question. With `keepShown` (the same query, after the session changed) the rows on screen stay until
   * their new version arrives, so a refresh does not flash "loading"; without it (new filters) they go at once.
   */
  reset(keepShown: boolean): number {
    this.generation += 1;
    this.fresh.clear();
    this.inFlight.clear();
    if (!keepShown) this.pages.clear();
    return this.generation;
  }

  itemAt(index: number): HistoryItem | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** The pages covering rows first..last that are neither fetched for this generation nor on their way. */
  missing(first: number, last: number): number[] {
    const wanted: number[] = [];
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page += 1) {
      if (!this.fresh.has(page) && !this.inFlight.has(page)) wanted.push(page);
    }
    return wanted;
  }

  requested(page: number): void {
    this.inFlight.add(page);
  }

  /** Keeps a reply if it belongs to the current generation; says whether it did. */
  accept(generation: number, page: number, items: HistoryItem[]): boolean {
    if (generation !== this.generation) return false;
    this.inFlight.delete(page);
    this.fresh.add(page);
    this.pages.set(page, items);
    return true;
  }

  /** A failed request: forgotten, so the next scroll over its rows asks again. */
  failed(generation: number, page: number): boolean {
    if (generation !== this.generation) return false;
    this.inFlight.delete(page);
    return true;
  }
}
