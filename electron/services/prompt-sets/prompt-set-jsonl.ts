// Reading a JSONL prompt set into rows: one JSON object per line, keys named as CSV columns are (see
// prompt-set-fields.ts), `key_points` an array of strings or one string. A UTF-8 BOM and CRLF line ends are
// read. A line that is not a JSON object is skipped with a warning naming it, and the rest still import; a last
// line cut off (no line break after it, and not valid JSON) is skipped the same way, as the torn end of a copy.
import { ServiceError } from '../../shared/errors';
import { matchFields, namesOf, unusedNames, type RawEntry, type Warn } from './prompt-set-fields';

export function readJsonlRows(text: string, warn: Warn): RawEntry[] {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last -= 1;
  const torn = !body.endsWith('\n');

  const entries: RawEntry[] = [];
  const keysSeen = new Set<string>();
  const unused = new Set<string>();
  let objects = 0;
  let withPrompt = 0;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      warn(index === last && torn ? `line ${line}: cut off (the file ends in the middle of it); skipped.` : `line ${line}: not valid JSON; skipped.`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      warn(`line ${line}: not a JSON object such as {"prompt": "…"}; skipped.`);
      return;
    }
    objects += 1;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const { positions, unused: notUsed } = matchFields(keys);
    for (const key of keys) if (keysSeen.size < 50) keysSeen.add(key);
    for (const key of notUsed) unused.add(key);
    if (positions.has('prompt')) withPrompt += 1;
    const values: RawEntry['values'] = {};
    for (const [field, position] of positions) values[field] = record[keys[position]!];
    entries.push({ line, values });
  });

  if (objects > 0 && withPrompt === 0) {
    const found = [...keysSeen].slice(0, 10).map((key) => `"${key.slice(0, 60)}"`);
    const has = found.length > 0 ? `Its lines have the ${found.length === 1 ? 'key' : 'keys'} ${found.join(', ')}.` : 'Its lines are empty objects.';
    throw new ServiceError('invalid-request', `No line of this JSONL file has a prompt. ${has} Give each line a ${namesOf('prompt')} key, then import the file again.`);
  }
  if (unused.size > 0) warn(unusedNames([...unused], 'key'));
  return entries;
}
