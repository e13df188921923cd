// The category a comparison is filed under, one rule for History (its list, filter and category choices), the
// statistics and the CSV: the vote's category as it stands (edits applied), else its prompt set prompt's, trimmed;
// '' for none. A vote's category left empty therefore falls back to the prompt's.
export function categoryOf(voteCategory: string | null | undefined, promptCategory: string | null | undefined): string {
  return voteCategory?.trim() || promptCategory?.trim() || '';
}
