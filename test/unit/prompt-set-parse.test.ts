// Prompt set files to items: CSV (BOM, CRLF, quoted line breaks, aliases, key point separators, delimiters)
// and JSONL (a bad line in the middle, a torn last line), the refusals and their sentences, and the limits.
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../electron/shared/errors';
import { MAX_CATEGORY_LENGTH, MAX_KEY_POINT_LENGTH, MAX_KEY_POINTS, MAX_PROMPT_SET_ITEMS, promptSetItemSchema } from '../../electron/shared/prompt-sets';
import { MAX_WARNINGS, parsePromptSet } from '../../electron/services/prompt-sets/prompt-set-parse';
import { detectDelimiter } from '../../electron/services/prompt-sets/prompt-set-csv';
import { normalizeFieldName, splitKeyPoints } from '../../electron/services/prompt-sets/prompt-set-fields';

function refusal(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    return error as ServiceError;
  }
  throw new Error('expected a refusal');
}

describe('CSV prompt sets', () => {
  it('reads a BOM, CRLF line ends, quoted cells with line breaks, commas and quotes, and header aliases', () => {
    // The second row spans lines 3 to 6 (two cells with line breaks), so the third row's id (its line) is 7.
    const text = [
      '\uFEFFQuestion,Task Type,System,Expected,Key Points,ID,Language',
      '"What is 2 + 2?",math,,4,four;an even number,q1,en',
      '"Summarise:\r\nline one\r\nline two","summary","Be brief.","A ""short"" text, really","first\r\nsecond; with a semicolon",q2,zh_CN',
      'Plain prompt,,,,,,',
    ].join('\r\n');
    const { items, warnings } = parsePromptSet(text, 'csv');
    expect(warnings).toEqual([]);
    expect(items).toEqual([
      { id: 'q1', prompt: 'What is 2 + 2?', category: 'math', systemPrompt: null, reference: '4', keyPoints: ['four', 'an even number'], lang: 'en' },
      {
        id: 'q2',
        prompt: 'Summarise:\nline one\nline two',
        category: 'summary',
        systemPrompt: 'Be brief.',
        reference: 'A "short" text, really',
        keyPoints: ['first', 'second; with a semicolon'],
        lang: 'zh-CN',
      },
      { id: '7', prompt: 'Plain prompt', category: '', systemPrompt: null, reference: null, keyPoints: [], lang: null },
    ]);
    for (const item of items) expect(promptSetItemSchema.safeParse(item).success).toBe(true);
  });

  it('splits key points on ";", "|" or "；" in a one-line cell, and on line breaks only in a multi-line one', () => {
    expect(splitKeyPoints('a; b |c；d')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitKeyPoints('a; b\n\nc | d\r\n')).toEqual(['a; b', 'c | d']);
    expect(splitKeyPoints(' ; | ')).toEqual([]);
    const { items } = parsePromptSet('prompt,keypoints\nQ,"one; two;;three"\n', 'csv');
    expect(items[0]!.keyPoints).toEqual(['one', 'two', 'three']);
  });

  it('matches headers case-insensitively, with spaces, hyphens, underscores and camelCase alike', () => {
    expect(['System Prompt', 'system-prompt', 'SYSTEM_PROMPT', 'systemPrompt'].map(normalizeFieldName)).toEqual(Array(4).fill('system_prompt'));
    const { items } = parsePromptSet('INSTRUCTION;Reference Answer;points\nDo it;Done;x|y\n', 'csv');
    expect(items[0]).toMatchObject({ prompt: 'Do it', reference: 'Done', keyPoints: ['x', 'y'] });
  });

  it('prefers a field’s own column name over an alias, and warns about columns it does not use', () => {
    const { items, warnings } = parsePromptSet('question,prompt,notes\nthe alias,the prompt,x\n', 'csv');
    expect(items[0]!.prompt).toBe('the prompt');
    expect(warnings).toEqual([expect.stringMatching(/^The columns "question", "notes" are not used/)]);
  });

  it('reads semicolon and tab separated files', () => {
    expect(detectDelimiter('prompt;category\n')).toBe(';');
    expect(detectDelimiter('prompt\tcategory\n')).toBe('\t');
    expect(detectDelimiter('prompt\n')).toBe(',');
    expect(detectDelimiter('"a;b;c",category\n')).toBe(',');
    expect(parsePromptSet('prompt\tcategory\nHello, world\tgreeting\n', 'csv').items[0]).toMatchObject({ prompt: 'Hello, world', category: 'greeting' });
  });

  it('names the columns it found when there is no prompt column', () => {
    const error = refusal(() => parsePromptSet('text,category\nhello,x\n', 'csv'));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toBe(
      'This CSV file has no prompt column. Its first row has the columns "text", "category". Name the column that holds the prompts "prompt" (or "question", "input", "instruction") in the first row, then import the file again.',
    );
  });

  it('skips empty prompts with a warning naming the line where the row starts, and blank rows silently', () => {
    const text = 'prompt,category\r\n"two\r\nlines",a\r\n,b\r\n\r\n,,\r\nlast,c\r\n';
    const { items, warnings } = parsePromptSet(text, 'csv');
    expect(items.map((item) => [item.id, item.prompt])).toEqual([
      ['2', 'two\nlines'],
      ['7', 'last'],
    ]);
    expect(warnings).toEqual(['line 4: no prompt; skipped.']);
  });

  it('warns once about rows with more cells than the header, even empty ones', () => {
    const { items, warnings } = parsePromptSet('prompt,category\nWhat is 1, 2,3?,x\nfine,y\nIf so, then what?,z,\n', 'csv');
    expect(items.map((item) => [item.prompt, item.category])).toEqual([
      ['What is 1', '2'],
      ['fine', 'y'],
      ['If so', 'then what?'],
    ]);
    expect(warnings).toEqual([
      'lines 2, 4 have more cells than the header has columns: is there a comma in a cell without quotes? The cells past the last column were left out; check those rows.',
    ]);
  });

  it('refuses a file with an unclosed quote, naming the line', () => {
    const error = refusal(() => parsePromptSet('prompt\nfine\n"never closed\nmore\n', 'csv'));
    expect(error.message).toMatch(/never closed \(line \d\)\. Put a closing quote/);
  });

  it('refuses a header without rows, and a file where every row was skipped, with what to do', () => {
    expect(refusal(() => parsePromptSet('prompt,category\n', 'csv')).message).toBe(
      'This file has no prompts. Write one prompt per row under a header row with a "prompt" column, then import it again.',
    );
    expect(refusal(() => parsePromptSet('prompt,category\n,a\n,b\n', 'csv')).message).toBe(
      'No prompt in this file could be imported: line 2: no prompt; skipped (and 1 more problem). Fix the file (one prompt per row under a header row with a "prompt" column), then import it again.',
    );
  });

  it('gives duplicate ids a suffix with a warning, and row ids that clash with given ones a free one silently', () => {
    const { items, warnings } = parsePromptSet('id,prompt\na,one\na,two\n5,three\n,four\na,five\n', 'csv');
    expect(items.map((item) => item.id)).toEqual(['a', 'a-2', '5', '5-2', 'a-3']);
    expect(warnings).toEqual([
      'line 3: the id "a" is used before (line 2); this prompt\'s id is "a-2".',
      'line 6: the id "a" is used before (line 2); this prompt\'s id is "a-3".',
    ]);
  });

  it('applies the limits of prompt-sets.ts: key points, their length, the category', () => {
    const points = Array.from({ length: MAX_KEY_POINTS + 3 }, (_, i) => `p${i}`).join('|');
    const long = 'k'.repeat(MAX_KEY_POINT_LENGTH + 10);
    const category = 'c'.repeat(MAX_CATEGORY_LENGTH + 5);
    const { items, warnings } = parsePromptSet(`prompt,key_points,category,lang\nQ,"${points}",${category},english\nR,"${long};short",x,en\n`, 'csv');
    expect(items[0]!.keyPoints).toHaveLength(MAX_KEY_POINTS);
    expect(items[0]!.category).toHaveLength(MAX_CATEGORY_LENGTH);
    expect(items[0]!.lang).toBeNull();
    expect(items[1]!.keyPoints).toEqual(['k'.repeat(MAX_KEY_POINT_LENGTH), 'short']);
    expect(warnings).toEqual([
      `line 2: the category is longer than ${MAX_CATEGORY_LENGTH} characters; shortened.`,
      'line 2: the language is not a tag such as "en" or "zh-CN"; left out.',
      `line 2: ${MAX_KEY_POINTS + 3} key points; only the first ${MAX_KEY_POINTS} were kept.`,
      `line 3: 1 key point longer than ${MAX_KEY_POINT_LENGTH} characters shortened to ${MAX_KEY_POINT_LENGTH}.`,
    ]);
  });

  it(`keeps the first ${MAX_PROMPT_SET_ITEMS.toLocaleString('en-US')} prompts and says how many rows were left out`, () => {
    const rows = Array.from({ length: MAX_PROMPT_SET_ITEMS + 2 }, (_, i) => `prompt ${i}`);
    const { items, warnings } = parsePromptSet(`prompt\n${rows.join('\n')}\n`, 'csv');
    expect(items).toHaveLength(MAX_PROMPT_SET_ITEMS);
    expect(items.at(-1)!.prompt).toBe(`prompt ${MAX_PROMPT_SET_ITEMS - 1}`);
    expect(warnings).toEqual([expect.stringContaining(`the 2 rows from line ${MAX_PROMPT_SET_ITEMS + 2} on were left out`)]);
  });

  it(`returns at most ${MAX_WARNINGS} warnings, the last counting the rest`, () => {
    const rows = Array.from({ length: MAX_WARNINGS + 20 }, () => ',x');
    const { warnings } = parsePromptSet(`prompt,category\nok,x\n${rows.join('\n')}\n`, 'csv');
    expect(warnings).toHaveLength(MAX_WARNINGS);
    expect(warnings.at(-1)).toBe('… and 21 more warnings.');
  });
});

describe('JSONL prompt sets', () => {
  it('reads objects with aliases, key points as a list or one text, a BOM and CRLF', () => {
    const lines = [
      JSON.stringify({ id: 7, question: 'Did Einstein win the Nobel Prize for relativity?', task: 'knowledge', answer: 'No', keyPoints: ['photoelectric effect', ' 1921 '], lang: 'en' }),
      JSON.stringify({ prompt: '总结这篇文章', category: 'summary', key_points: '要点一；要点二', system_prompt: '简洁回答', reference: null }),
    ];
    const { items, warnings } = parsePromptSet(`\uFEFF${lines.join('\r\n')}\r\n`, 'jsonl');
    expect(warnings).toEqual([]);
    expect(items).toEqual([
      { id: '7', prompt: 'Did Einstein win the Nobel Prize for relativity?', category: 'knowledge', systemPrompt: null, reference: 'No', keyPoints: ['photoelectric effect', '1921'], lang: 'en' },
      { id: '2', prompt: '总结这篇文章', category: 'summary', systemPrompt: '简洁回答', reference: null, keyPoints: ['要点一', '要点二'], lang: null },
    ]);
  });

  it('skips a bad line in the middle and a torn last line, naming their lines, and imports the rest', () => {
    const text = ['{"prompt": "one"}', '{"prompt": "two", oops}', '', '[1, 2]', '{"prompt": "four"}', '{"prompt": "fi'].join('\n');
    const { items, warnings } = parsePromptSet(text, 'jsonl');
    expect(items.map((item) => [item.id, item.prompt])).toEqual([
      ['1', 'one'],
      ['5', 'four'],
    ]);
    expect(warnings).toEqual([
      'line 2: not valid JSON; skipped.',
      'line 4: not a JSON object such as {"prompt": "…"}; skipped.',
      'line 6: cut off (the file ends in the middle of it); skipped.',
    ]);
  });

  it('calls a bad last line that ends with a line break invalid, not cut off', () => {
    expect(parsePromptSet('{"prompt": "one"}\n{"prompt": \n', 'jsonl').warnings).toEqual(['line 2: not valid JSON; skipped.']);
  });

  it('skips values that are not text, and warns once about unused keys', () => {
    const text = ['{"prompt": {"nested": true}}', '{"prompt": "ok", "key_points": ["a", 3, {"b": 1}], "extra": 1}', '{"prompt": "ok too", "extra": 2, "more": 3}'].join('\n');
    const { items, warnings } = parsePromptSet(text, 'jsonl');
    expect(items.map((item) => item.keyPoints)).toEqual([['a', '3'], []]);
    expect(warnings).toEqual([
      'The keys "extra", "more" are not used (Pairwise reads prompt, category, system_prompt, reference, key_points, id, lang).',
      'line 1: the prompt is not text; skipped.',
      'line 2: 1 key point that is not text left out.',
    ]);
  });

  it('names the keys it found when no line has a prompt', () => {
    const error = refusal(() => parsePromptSet('{"text": "a", "label": "b"}\n{"text": "c"}\n', 'jsonl'));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toBe('No line of this JSONL file has a prompt. Its lines have the keys "text", "label". Give each line a "prompt" (or "question", "input", "instruction") key, then import the file again.');
  });

  it('refuses a file with no usable line, quoting the first problem', () => {
    const error = refusal(() => parsePromptSet('[{"prompt": "a"},\n{"prompt": "b"}]\n', 'jsonl'));
    expect(error.message).toBe(
      'No prompt in this file could be imported: line 1: not valid JSON; skipped (and 1 more problem). Fix the file (one JSON object per line, such as {"prompt": "…", "category": "…"}), then import it again.',
    );
    expect(refusal(() => parsePromptSet('\n\n', 'jsonl')).message).toMatch(/^This file has no prompts\. Write one JSON object per line/);
  });

  it('skips a prompt or system prompt over the schema’s limit and leaves out an over-long reference', () => {
    const max = promptSetItemSchema.shape.prompt.maxLength!;
    const text = [JSON.stringify({ prompt: 'x'.repeat(max + 1) }), JSON.stringify({ prompt: 'fine', reference: 'r'.repeat(max + 1) })].join('\n');
    const { items, warnings } = parsePromptSet(text, 'jsonl');
    expect(items).toEqual([expect.objectContaining({ prompt: 'fine', reference: null })]);
    expect(warnings).toEqual([
      `line 1: the prompt is longer than ${max.toLocaleString('en-US')} characters; skipped.`,
      `line 2: the reference answer is longer than ${max.toLocaleString('en-US')} characters; left out.`,
    ]);
  });
});
