// A prompt set file (CSV or JSONL) to its items and warnings. The formats' readers turn the file into rows
// (prompt-set-csv.ts, prompt-set-jsonl.ts), prompt-set-fields.ts turns each row into an item; here ids are
// settled and the set's limits applied:
// - an item's id is its `id` column, else the line it starts on; an id used before gets "-2", "-3", … (with a
//   warning when the file gave it);
// - after MAX_PROMPT_SET_ITEMS items the rest of the file is left out, with a warning;
// - every item is checked with promptSetItemSchema;
// - a file with nothing usable is refused (ServiceError 'invalid-request') with a sentence saying what to fix.
// At most MAX_WARNINGS warnings are returned, the last saying how many more there were.
import { ServiceError } from '../../shared/errors';
import { MAX_PROMPT_SET_ITEMS, promptSetItemSchema, type PromptSetFormat, type PromptSetItem } from '../../shared/prompt-sets';
import { readCsvRows } from './prompt-set-csv';
import { draftItem, type DraftItem, type Warn } from './prompt-set-fields';
import { readJsonlRows } from './prompt-set-jsonl';

export const MAX_WARNINGS = 100;

export interface ParsedPromptSet {
  items: PromptSetItem[];
  /** Rows skipped or changed, each with its line number and what happened. */
  warnings: string[];
}

const ID_MAX = promptSetItemSchema.shape.id.maxLength ?? 200;

function uniqueId(draft: DraftItem, used: Map<string, number>, warn: Warn): string {
  const wanted = draft.id ?? String(draft.line);
  if (!used.has(wanted)) return wanted;
  let id = wanted;
  for (let n = 2; used.has(id); n += 1) id = `${wanted.slice(0, ID_MAX - String(n).length - 1)}-${n}`;
  if (draft.id !== null) warn(`line ${draft.line}: the id "${wanted.slice(0, 60)}" is used before (line ${used.get(wanted)}); this prompt's id is "${id.slice(-60)}".`);
  return id;
}

function capped(warnings: string[]): string[] {
  if (warnings.length <= MAX_WARNINGS) return warnings;
  return [...warnings.slice(0, MAX_WARNINGS - 1), `… and ${(warnings.length - MAX_WARNINGS + 1).toLocaleString('en-US')} more warnings.`];
}

function nothingUsable(format: PromptSetFormat, warnings: readonly string[]): string {
  const how =
    format === 'csv'
      ? 'one prompt per row under a header row with a "prompt" column'
      : 'one JSON object per line, such as {"prompt": "…", "category": "…"}';
  if (warnings.length === 0) return `This file has no prompts. Write ${how}, then import it again.`;
  const first = warnings[0]!.replace(/\.$/, '');
  const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more ${warnings.length === 2 ? 'problem' : 'problems'})` : '';
  return `No prompt in this file could be imported: ${first}${more}. Fix the file (${how}), then import it again.`;
}

/** The items of a prompt set file; throws a ServiceError when it has none to import. */
export function parsePromptSet(text: string, format: PromptSetFormat): ParsedPromptSet {
  const warnings: string[] = [];
  const warn: Warn = (message) => warnings.push(message);
  const entries = format === 'csv' ? readCsvRows(text, warn) : readJsonlRows(text, warn);

  const items: PromptSetItem[] = [];
  const used = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    if (items.length === MAX_PROMPT_SET_ITEMS) {
      const left = entries.length - index;
      const max = MAX_PROMPT_SET_ITEMS.toLocaleString('en-US');
      const rows = `${left.toLocaleString('en-US')} ${left === 1 ? 'row' : 'rows'} from line ${entry.line} on ${left === 1 ? 'was' : 'were'}`;
      warn(`The file has more than ${max} prompts: the ${rows} left out. Split the file into sets of ${max} or fewer to import them all.`);
      break;
    }
    const draft = draftItem(entry, warn);
    if (!draft) continue;
    const { line, ...item } = draft;
    const id = uniqueId(draft, used, warn);
    const checked = promptSetItemSchema.safeParse({ ...item, id });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      warn(`line ${line}: ${issue ? `${issue.path.join('.') || 'the row'} ${issue.message}` : 'not a valid prompt'}; skipped.`);
      continue;
    }
    used.set(id, line);
    items.push(checked.data);
  }
  if (items.length === 0) throw new ServiceError('invalid-request', nothingUsable(format, warnings));
  return { items, warnings: capped(warnings) };
}
