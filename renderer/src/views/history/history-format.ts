// Words and numbers of the History view, pure so they can be read (and tested) apart from the components.
// Model names are never made up here: only what the service sent (HistorySide.model, the reveal) is shown.
import { ApiError } from '../../../../electron/shared/errors';
import type { HistoryItem, HistorySide, Side, Verdict } from '../../../../electron/shared/sessions';
import { formatMs, formatRate, groupThousands } from '../compare/timing-format';

/** What the history filter accepts for the verdict: a verdict, or 'none' for "not voted". */
export type VerdictFilter = Verdict | 'none';

/** Sides are A (left) and B (right) everywhere a person votes, so the verdicts use the same letters. */
export const VERDICT_LABELS: Record<VerdictFilter, string> = {
  left: 'A better',
  right: 'B better',
  tie: 'Tie',
  'both-bad': 'Both bad',
  none: 'Not voted',
};

export const SIDE_LETTERS: Record<Side, string> = { left: 'A', right: 'B' };

/** Shown where a side's model is still withheld: a blind comparison nobody has voted on yet. */
export const HIDDEN_MODEL = 'hidden (not voted yet)';

export function verdictLabel(verdict: Verdict | null): string {
  return VERDICT_LABELS[verdict ?? 'none'];
}

/** The model that won, when the verdict names a side and that side's model is revealed; else null. */
export function winnerName(item: Pick<HistoryItem, 'verdict' | 'sides'>): string | null {
  if (item.verdict !== 'left' && item.verdict !== 'right') return null;
  return item.sides[item.verdict].model?.name ?? null;
}

export function sideModelName(side: Pick<HistorySide, 'model'>): string {
  return side.model?.name ?? HIDDEN_MODEL;
}

/** "12 of 340 comparisons": what the filters kept, of the session's whole count. */
export function countLine(shown: number, all: number): string {
  return `${groupThousands(shown)} of ${groupThousands(all)} ${all === 1 ? 'comparison' : 'comparisons'}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${groupThousands(count)} ${count === 1 ? one : many}`;
}

/** An ISO 8601 stamp in the reader's locale; the raw text if it does not parse (never "Invalid Date"). */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A timing that may be missing (a failed side, a cancelled one): a dash then. */
export function msOrDash(ms: number | null): string {
  return ms === null ? '—' : formatMs(ms);
}

export function rateOrDash(tokensPerS: number | null): string {
  return tokensPerS === null ? '—' : formatRate(tokensPerS);
}

export function countOrDash(n: number | null): string {
  return n === null ? '—' : groupThousands(n);
}

export function tokensOrDash(n: number | null): string {
  return n === null ? '—' : `${groupThousands(n)} tok`;
}

/** How a side ended, in words, for anything but a plain finish. */
export function outcomeNote(kind: HistorySide['outcome']): string | null {
  if (kind === 'error') return 'failed';
  if (kind === 'cancelled') return 'cancelled';
  return null;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why the service refused a field: its own validation message for that field (e.g. "give the session a name")
 * rather than the request-level sentence, which names the channel.
 */
export function refusalMessage(error: unknown, field: string): string {
  const issue = error instanceof ApiError ? error.issues.find((i) => i.path === field) : undefined;
  if (!issue) return errorMessage(error);
  return issue.message.charAt(0).toUpperCase() + issue.message.slice(1) + (/[.!?]$/.test(issue.message) ? '' : '.');
}
