// The history list of one session (design §6, issue 9 History view), worked out from the in-memory index: filters by
// verdict, category and winning model, a case-insensitive text search over the prompt, both answers, the comment
// and the category, newest first, one page at a time. Blind rule: a blind comparison without a vote does not name
// its sides' models, here as anywhere else.
//
// The search runs a case-insensitive regular expression over the original text rather than over a lowercased copy
// kept beside it: one copy of the text in memory instead of two, no lowercasing of every answer while a session
// loads, and V8's regexp engine scans ~100 MB of answers well inside the 150 ms budget (test/bench/sessions).
import type { HistoryItem, HistoryPage, HistoryQuery, HistorySide, RevealedModel, SessionHeaderRecord, Side } from '../../shared/sessions';
import type { ComparisonEntry, SessionIndex } from './session-index';

/** Characters of each answer the list shows; the detail view reads the whole comparison from the file. */
export const PREVIEW_CHARS = 300;

type Filter = (entry: ComparisonEntry) => boolean;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function textFilter(text: string): Filter {
  const pattern = new RegExp(escapeRegExp(text), 'i');
  return (entry) => {
    const vote = entry.effective?.vote;
    return (
      pattern.test(entry.userMessage) ||
      pattern.test(entry.sides.left.content) ||
      pattern.test(entry.sides.right.content) ||
      (vote !== undefined && (pattern.test(vote.comment) || pattern.test(vote.category)))
    );
  };
}

/** The query's filters, cheapest first, so the text search runs only on what the others let through. */
function filtersOf(query: HistoryQuery): Filter[] {
  const filters: Filter[] = [];
  const { verdict, winner } = query;
  if (verdict === 'none') filters.push((e) => e.effective === null);
  else if (verdict !== undefined) filters.push((e) => e.effective?.vote.verdict === verdict);
  const category = query.category?.trim().toLowerCase();
  if (category) filters.push((e) => e.effective?.vote.category.trim().toLowerCase() === category);
  if (winner !== undefined) {
    filters.push((e) => {
      const won = e.effective?.vote.verdict;
      return (won === 'left' || won === 'right') && e.mapping[won] === winner;
    });
  }
  const text = query.text?.trim();
  if (text) filters.push(textFilter(text));
  return filters;
}

function revealedModel(header: SessionHeaderRecord, entry: ComparisonEntry, side: Side): RevealedModel | null {
  if (entry.blind && entry.effective === null) return null;
  const model = entry.mapping[side];
  const { name, servedName, source } = header.models[model];
  return { model, name, servedName, source };
}

function historySide(header: SessionHeaderRecord, entry: ComparisonEntry, side: Side): HistorySide {
  const { content, outcome, ttftMs, decodeTokensPerS, e2eMs, outputTokens } = entry.sides[side];
  return { model: revealedModel(header, entry, side), preview: content.slice(0, PREVIEW_CHARS), outcome, ttftMs, decodeTokensPerS, e2eMs, outputTokens };
}

function historyItem(header: SessionHeaderRecord, entry: ComparisonEntry): HistoryItem {
  const vote = entry.effective?.vote ?? null;
  return {
    comparisonId: entry.id,
    conversationId: entry.conversationId,
    turn: entry.turn,
    at: entry.at,
    userMessage: entry.userMessage,
    verdict: vote?.verdict ?? null,
    voteId: vote?.id ?? null,
    category: vote?.category ?? '',
    comment: vote?.comment ?? '',
    sides: { left: historySide(header, entry, 'left'), right: historySide(header, entry, 'right') },
  };
}

/** The categories used by the session's effective votes, sorted, for the filter. */
function categoriesOf(index: SessionIndex): string[] {
  const categories = new Set<string>();
  for (const entry of index.comparisons) {
    const category = entry.effective?.vote.category.trim();
    if (category) categories.add(category);
  }
  return [...categories].sort((a, b) => a.localeCompare(b));
}

export function historyPage(index: SessionIndex, query: HistoryQuery): HistoryPage {
  const filters = filtersOf(query);
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 100;
  const items: HistoryItem[] = [];
  let total = 0;
  // Newest first: the file is in the order things happened.
  for (let i = index.comparisons.length - 1; i >= 0; i -= 1) {
    const entry = index.comparisons[i]!;
    if (!filters.every((f) => f(entry))) continue;
    if (total >= offset && items.length < limit) items.push(historyItem(index.header, entry));
    total += 1;
  }
  const [a, b] = index.header.models;
  return { total, all: index.comparisons.length, items, categories: categoriesOf(index), models: [a.name, b.name] };
}
