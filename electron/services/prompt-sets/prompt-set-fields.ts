// What a prompt set file's columns (CSV) or keys (JSONL) mean, and how one row becomes a PromptSetItem: the
// rules both formats share. Names are matched case-insensitively, with spaces, hyphens and underscores alike
// and camelCase split ("System prompt", "system-prompt", "systemPrompt" all mean system_prompt).
//
// Values: text is taken with its ends trimmed and CRLF turned into LF. Numbers and booleans are taken as text.
// A row is skipped (with a warning) when its prompt is empty or too long, or its system prompt too long: they
// are what the models see, so they are never shortened. A reference answer that is too long is left out; a
// category or key point that is too long is shortened; key points beyond MAX_KEY_POINTS are left out; a
// language that is not a tag such as "en" or "zh-CN" is left out. Each of these gets a warning with its line.
//
// Key points, when given as one text (a CSV cell, or a JSONL string): one per line when the text has line
// breaks; otherwise separated by ";" or "|" (or the full-width "；"). So a key point may contain ";" or "|"
// only in a cell with one key point per line. In JSONL, an array of strings is taken as it is.
import { MAX_CATEGORY_LENGTH, MAX_KEY_POINT_LENGTH, MAX_KEY_POINTS, promptSetItemSchema, type PromptSetItem } from '../../shared/prompt-sets';

export type PromptSetField = keyof PromptSetItem;

/** The names a column or key may have for each field, the preferred first. */
export const FIELD_NAMES: Readonly<Record<PromptSetField, readonly string[]>> = {
  prompt: ['prompt', 'question', 'input', 'instruction'],
  category: ['category', 'task', 'type', 'task_type'],
  systemPrompt: ['system_prompt', 'system'],
  reference: ['reference', 'reference_answer', 'answer', 'expected'],
  keyPoints: ['key_points', 'keypoints', 'points'],
  id: ['id'],
  lang: ['lang', 'language'],
};

const FIELDS = Object.keys(FIELD_NAMES) as PromptSetField[];

const shape = promptSetItemSchema.shape;
/** The schema's own limits, read from it so they are written down once. */
const LIMITS = {
  id: shape.id.maxLength ?? Infinity,
  prompt: shape.prompt.maxLength ?? Infinity,
  systemPrompt: shape.systemPrompt.unwrap().maxLength ?? Infinity,
  reference: shape.reference.unwrap().maxLength ?? Infinity,
  lang: shape.lang.unwrap().maxLength ?? Infinity,
};

export function normalizeFieldName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

/** The field a name stands for and how preferred that name is (0: the field's own name), or null. */
function fieldOf(name: string): { field: PromptSetField; rank: number } | null {
  const normalized = normalizeFieldName(name);
  for (const field of FIELDS) {
    const rank = FIELD_NAMES[field].indexOf(normalized);
    if (rank >= 0) return { field, rank };
  }
  return null;
}

/**
 * Which of `names` (a CSV header, or a JSON object's keys) holds each field: for two names of one field, the
 * preferred name, else the first. `unused` lists the other non-empty names, in their order.
 */
export function matchFields(names: readonly string[]): { positions: Map<PromptSetField, number>; unused: string[] } {
  const best = new Map<PromptSetField, { position: number; rank: number }>();
  names.forEach((name, position) => {
    const found = fieldOf(name);
    if (!found) return;
    const current = best.get(found.field);
    if (!current || found.rank < current.rank) best.set(found.field, { position, rank: found.rank });
  });
  const positions = new Map([...best].map(([field, { position }]) => [field, position]));
  const taken = new Set(positions.values());
  const unused = names.filter((name, position) => !taken.has(position) && name.trim() !== '');
  return { positions, unused };
}

/** The names the fields may have, for messages: "prompt (or question, input, instruction)". */
export function namesOf(field: PromptSetField): string {
  const [own, ...others] = FIELD_NAMES[field];
  return others.length > 0 ? `"${own}" (or ${others.map((name) => `"${name}"`).join(', ')})` : `"${own}"`;
}

/** The warning for columns (or JSON keys) that hold none of the fields. */
export function unusedNames(unused: readonly string[], noun: 'column' | 'key'): string {
  const shown = unused.slice(0, 10).map((name) => `"${name.trim().slice(0, 60)}"`);
  const more = unused.length > 10 ? ` and ${unused.length - 10} more` : '';
  const known = FIELDS.map((field) => FIELD_NAMES[field][0]).join(', ');
  return `The ${unused.length === 1 ? noun : `${noun}s`} ${shown.join(', ')}${more} ${unused.length === 1 ? 'is' : 'are'} not used (Pairwise reads ${known}).`;
}

/** One row (CSV) or line (JSONL) as read: its values by field, and the line of the file it starts on. */
export interface RawEntry {
  line: number;
  values: Partial<Record<PromptSetField, unknown>>;
}

/** An item before ids are settled: `id` is null when the file gives none. */
export type DraftItem = Omit<PromptSetItem, 'id'> & { id: string | null; line: number };

export type Warn = (message: string) => void;

/** Text as stored: ends trimmed, CRLF as LF; null when the value is not text (an object or an array). */
function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n').trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Key points written as one text: one per line, else separated by ";", "|" or "；". */
export function splitKeyPoints(text: string): string[] {
  const parts = /[\r\n]/.test(text) ? text.split(/\r?\n|\r/) : text.split(/[;|；]/);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function keyPointsOf(value: unknown, line: number, warn: Warn): string[] {
  let points: string[];
  if (Array.isArray(value)) {
    points = [];
    let dropped = 0;
    for (const element of value) {
      const text = textOf(element);
      if (text === null) dropped += 1;
      else if (text !== '') points.push(text);
    }
    if (dropped > 0) warn(`line ${line}: ${plural(dropped, 'key point')} that ${dropped === 1 ? 'is' : 'are'} not text left out.`);
  } else {
    const text = textOf(value);
    if (text === null) {
      warn(`line ${line}: the key points are neither text nor a list of texts; left out.`);
      return [];
    }
    points = splitKeyPoints(text);
  }
  const long = points.filter((point) => point.length > MAX_KEY_POINT_LENGTH).length;
  if (long > 0) {
    warn(`line ${line}: ${plural(long, 'key point')} longer than ${MAX_KEY_POINT_LENGTH} characters shortened to ${MAX_KEY_POINT_LENGTH}.`);
    points = points.map((point) => (point.length > MAX_KEY_POINT_LENGTH ? point.slice(0, MAX_KEY_POINT_LENGTH).trim() : point));
  }
  if (points.length > MAX_KEY_POINTS) {
    warn(`line ${line}: ${points.length} key points; only the first ${MAX_KEY_POINTS} were kept.`);
    points = points.slice(0, MAX_KEY_POINTS);
  }
  return points;
}

/** The item a row makes, or null when the row is skipped (the warning says why). */
export function draftItem({ line, values }: RawEntry, warn: Warn): DraftItem | null {
  const prompt = textOf(values.prompt);
  if (prompt === null) {
    warn(`line ${line}: the prompt is not text; skipped.`);
    return null;
  }
  if (prompt === '') {
    warn(`line ${line}: no prompt; skipped.`);
    return null;
  }
  if (prompt.length > LIMITS.prompt) {
    warn(`line ${line}: the prompt is longer than ${LIMITS.prompt.toLocaleString('en-US')} characters; skipped.`);
    return null;
  }
  const systemPrompt = textOf(values.systemPrompt);
  if (systemPrompt === null || systemPrompt.length > LIMITS.systemPrompt) {
    warn(`line ${line}: the system prompt is ${systemPrompt === null ? 'not text' : `longer than ${LIMITS.systemPrompt.toLocaleString('en-US')} characters`}; skipped.`);
    return null;
  }

  let category = textOf(values.category);
  if (category === null) {
    warn(`line ${line}: the category is not text; left out.`);
    category = '';
  } else if (category.length > MAX_CATEGORY_LENGTH) {
    warn(`line ${line}: the category is longer than ${MAX_CATEGORY_LENGTH} characters; shortened.`);
    category = category.slice(0, MAX_CATEGORY_LENGTH).trim();
  }

  let reference = textOf(values.reference);
  if (reference === null || reference.length > LIMITS.reference) {
    warn(`line ${line}: the reference answer is ${reference === null ? 'not text' : `longer than ${LIMITS.reference.toLocaleString('en-US')} characters`}; left out.`);
    reference = '';
  }

  let id = textOf(values.id);
  if (id === null || id.length > LIMITS.id) {
    warn(`line ${line}: the id is ${id === null ? 'not text' : `longer than ${LIMITS.id} characters`}; the line number is its id instead.`);
    id = '';
  }

  let lang = textOf(values.lang);
  if (lang !== null) lang = lang.replace(/_/g, '-');
  if (lang === null || (lang !== '' && (lang.length > LIMITS.lang || !LANGUAGE_TAG.test(lang)))) {
    warn(`line ${line}: the language is not a tag such as "en" or "zh-CN"; left out.`);
    lang = '';
  }

  return {
    id: id === '' ? null : id,
    prompt,
    category,
    systemPrompt: systemPrompt === '' ? null : systemPrompt,
    reference: reference === '' ? null : reference,
    keyPoints: values.keyPoints === undefined || values.keyPoints === null ? [] : keyPointsOf(values.keyPoints, line, warn),
    lang: lang === '' ? null : lang,
    line,
  };
}
