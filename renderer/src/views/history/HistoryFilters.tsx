import { VERDICTS, type ModelIndex } from '../../../../electron/shared/session-values';
import { countLine, VERDICT_LABELS, type VerdictFilter } from './history-format';
import type { HistoryTotals } from './use-history';

export interface FilterDraft {
  /** As typed: the view debounces it before asking. */
  text: string;
  verdict: VerdictFilter | null;
  category: string | null;
  winner: ModelIndex | null;
}

interface HistoryFiltersProps {
  draft: FilterDraft;
  onChange(draft: FilterDraft): void;
  totals: HistoryTotals | null;
}

const ANY = '';
const VERDICT_CHOICES: VerdictFilter[] = [...VERDICTS, 'none'];

/** Search and filters over one session's comparisons, and how many of them they keep. */
export function HistoryFilters({ draft, onChange, totals }: HistoryFiltersProps) {
  const set = (patch: Partial<FilterDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="history-filters" role="search" aria-label="Search the comparisons">
      <input
        type="search"
        className="history-search"
        placeholder="Search prompts, answers, comments…"
        aria-label="Search comparisons"
        value={draft.text}
        onChange={(event) => set({ text: event.target.value })}
      />
      <label className="filter">
        Verdict
        <select value={draft.verdict ?? ANY} onChange={(event) => set({ verdict: event.target.value === ANY ? null : (event.target.value as VerdictFilter) })}>
          <option value={ANY}>Any</option>
          {VERDICT_CHOICES.map((verdict) => (
            <option key={verdict} value={verdict}>
              {VERDICT_LABELS[verdict]}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        Category
        <select value={draft.category ?? ANY} onChange={(event) => set({ category: event.target.value === ANY ? null : event.target.value })}>
          <option value={ANY}>Any</option>
          {categoryChoices(totals, draft.category).map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        Winner
        <select value={draft.winner ?? ANY} onChange={(event) => set({ winner: event.target.value === ANY ? null : (Number(event.target.value) as ModelIndex) })}>
          <option value={ANY}>Any</option>
          {totals?.models.map((name, index) => (
            <option key={index} value={index}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <span className="history-count" role="status">
        {totals ? countLine(totals.total, totals.all) : 'Loading…'}
      </span>
    </div>
  );
}

/** The session's categories, plus the chosen one even if no comparison carries it any more (so it stays visible). */
function categoryChoices(totals: HistoryTotals | null, chosen: string | null): string[] {
  const categories = (totals?.categories ?? []).filter((category) => category !== '');
  return chosen !== null && !categories.includes(chosen) ? [chosen, ...categories] : categories;
}
