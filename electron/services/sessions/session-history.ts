// The history list of one session (design §6, issue 9 History view), worked out from the in-memory index: filters by
// verdict, category and winning model, a case-insensitive text search over the prompt, both answers, the comment
// and the category, newest first, one page at a time. Blind rule: a blind comparison without a vote does not name
// its sides' models, here as anywhere else; one recorded under equal reveal does not show its timings either.
//
// The search runs a case-insensitive regular expression over the original text rather than over a lowercased copy
// kept beside it: one copy of the text in memory instead of two, no lowercasing of every answer while a session
// loads. The prompts and answers sit in big blocks of text (session-text.ts), so it runs once per block, not once
// per answer; the comment and category are the votes' own few strings.
import type { HistoryItem, HistoryPage, HistoryQuery, HistorySide, RevealedModel, SessionHeaderRecord, Side } from '../../shared/sessions';
import type { ComparisonEntry, SessionIndex } from './session-index';
import { escapeRegExp } from './session-text';
import { modelLabel } from './session-models';
import { categoryOf } from './session-category';

/** Comparison i's category: its vote's, else its prompt's (session-category.ts). */
const categoryAt = (index: SessionIndex, i: number): string => categoryOf(index.effectiveVote(i)?.category, index.runs.promptFacts(i)?.category);

/** Characters of each answer the list shows; the detail view reads the whole comparison from the file. */
export const PREVIEW_CHARS = 300;

/** Whether comparison `i` passes. */
type Filter = (i: number) => boolean;

/** The comparisons with `text` in the prompt, an answer, or the effective vote's comment or category. */
function textFilter(index: SessionIndex, text: string): Filter {
  const hits = new Uint8Array(index.comparisonCount);
  index.searchText(text, hits);
  const pattern = new RegExp(escapeRegExp(text), 'i');
  for (let i = 0; i < hits.length; i += 1) {
    if (hits[i] === 1) continue;
    const vote = index.effectiveVote(i);
    if (vote !== null && (pattern.test(vote.comment) || pattern.test(vote.category))) hits[i] = 1;
  }
  return (i) => hits[i] === 1;
}

/** The query's filters, cheapest first. */
function filtersOf(index: SessionIndex, query: HistoryQuery): Filter[] {
  const filters: Filter[] = [];
  const { verdict, winner } = query;
  if (verdict === 'none') filters.push((i) => index.effectiveVote(i) === null);
  else if (verdict !== undefined) filters.push((i) => index.effectiveVote(i)?.verdict === verdict);
  const category = query.category?.trim().toLowerCase();
  if (category) filters.push((i) => categoryAt(index, i).toLowerCase() === category);
  if (winner !== undefined) {
    filters.push((i) => {
      const won = index.effectiveVote(i)?.verdict;
      return (won === 'left' || won === 'right') && index.modelOn(i, won) === winner;
    });
  }
  const text = query.text?.trim();
  if (text) filters.push(textFilter(index, text));
  return filters;
}

function revealedModel(header: SessionHeaderRecord, entry: ComparisonEntry, side: Side): RevealedModel | null {
  if (entry.blind && entry.effective === null) return null;
  const model = entry.mapping[side];
  const session = header.models[model];
  if (!session) throw new Error(`comparison ${entry.id} names model ${model}, which the session does not have`);
  return { model, name: modelLabel(session), servedName: session.servedName, source: session.source };
}

/** Blind under equal reveal and not voted: the vote screen holds the timings back until the vote, and so does this. */
const timingsHidden = (entry: ComparisonEntry): boolean => entry.blind && entry.equalReveal && entry.effective === null;

function historySide(index: SessionIndex, entry: ComparisonEntry, side: Side): HistorySide {
  const { outcome, ttftMs, decodeTokensPerS, e2eMs, outputTokens } = entry.sides[side];
  const model = revealedModel(index.header, entry, side);
  const preview = index.preview(entry.index, side, PREVIEW_CHARS);
  if (timingsHidden(entry)) return { model, preview, outcome, ttftMs: null, decodeTokensPerS: null, e2eMs: null, outputTokens: null };
  return { model, preview, outcome, ttftMs, decodeTokensPerS, e2eMs, outputTokens };
}

function historyItem(index: SessionIndex, i: number): HistoryItem {
  const entry = index.entry(i);
  const vote = entry.effective;
  return {
    comparisonId: entry.id,
    conversationId: entry.conversationId,
    turn: entry.turn,
    at: entry.at,
    userMessage: entry.userMessage,
    verdict: vote?.verdict ?? null,
    voteId: vote?.id ?? null,
    category: categoryAt(index, i),
    comment: vote?.comment ?? '',
    sides: { left: historySide(index, entry, 'left'), right: historySide(index, entry, 'right') },
  };
}

/** The categories used by the session's effective votes, sorted, for the filter. */
function categoriesOf(index: SessionIndex): string[] {
  const categories = new Set<string>();
  for (let i = 0; i < index.comparisonCount; i += 1) {
    const category = categoryAt(index, i);
    if (category) categories.add(category);
  }
  return [...categories].sort((a, b) => a.localeCompare(b));
}

export function historyPage(index: SessionIndex, query: HistoryQuery): HistoryPage {
  const filters = filtersOf(index, query);
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 100;
  const items: HistoryItem[] = [];
  let total = 0;
  // Newest first: the file is in the order things happened.
  for (let i = index.comparisonCount - 1; i >= 0; i -= 1) {
    if (!filters.every((f) => f(i))) continue;
    if (total >= offset && items.length < limit) items.push(historyItem(index, i));
    total += 1;
  }
  return { total, all: index.comparisonCount, items, categories: categoriesOf(index), models: index.header.models.map(modelLabel) };
}
