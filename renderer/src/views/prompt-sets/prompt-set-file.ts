// A chosen file as promptSets.import takes it: the format from its extension, the set's name from its name.
import type { ImportPromptSet, PromptSetFormat } from '../../../../electron/shared/prompt-sets';
import { MAX_PROMPT_SET_BYTES } from '../../../../electron/shared/prompt-set-values';

const FORMATS: Record<string, PromptSetFormat> = { csv: 'csv', jsonl: 'jsonl', ndjson: 'jsonl' };
const MAX_NAME_LENGTH = 120;

export const PROMPT_SET_ACCEPT = '.csv,.jsonl,.ndjson,text/csv,application/jsonl,application/x-ndjson';

/** The request for the file, or the sentence saying why it cannot be imported. */
export async function importRequestOf(file: File): Promise<ImportPromptSet | { error: string }> {
  const dot = file.name.lastIndexOf('.');
  const format = dot > 0 ? FORMATS[file.name.slice(dot + 1).toLowerCase()] : undefined;
  if (!format) return { error: `${file.name}: choose a .csv or .jsonl file (the format is read from the extension).` };
  if (file.size > MAX_PROMPT_SET_BYTES) return { error: `${file.name} is ${Math.round(file.size / 1048576)} MB: a prompt set file may be at most ${MAX_PROMPT_SET_BYTES / 1048576} MB.` };
  const name = (file.name.slice(0, dot).trim() || file.name).slice(0, MAX_NAME_LENGTH);
  return { name, format, text: await file.text(), fileName: file.name.slice(0, 255) };
}
