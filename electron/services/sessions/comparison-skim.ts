// Reading a comparison line without its answers, for the exports that do not write them (CSV, battles): the
// answers are most of a line's bytes, and decoding and parsing them was most of an export's time. Only the
// contents of the four answer strings (each side's content and reasoning) are left out, found by their place in
// the line as comparisonRecord writes it; a line in any other shape is parsed whole. Safe on bytes: in UTF-8 a
// quote (0x22) or backslash (0x5c) byte is always that character, never part of another one, and inside a JSON
// string a quote is always escaped, so the markers below cannot occur inside a string.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SIDE_MARKERS = [Buffer.from('"sides":{"left":{"content":"'), Buffer.from('"right":{"content":"')];
const REASONING = Buffer.from(',"reasoning":"');
const HISTORY = Buffer.from('"history":{"left":[');
/** What follows the history object: its own end can only be here (structural characters are never in a string). */
const AFTER_HISTORY = Buffer.from('},"seed":');
const NO_HISTORY = '"history":{"left":[],"right":[]';

/**
 * The line's text with the answers' contents emptied (`"content":""`) and the earlier turns left out (`history`
 * empty: they are earlier comparisons' answers), or null when the line is not in that shape.
 */
export function withoutAnswers(line: Buffer): string | null {
  const history = line.indexOf(HISTORY);
  const historyEnd = history < 0 ? -1 : line.indexOf(AFTER_HISTORY, history);
  if (historyEnd < 0) return null;
  const kept: string[] = [line.toString('utf8', 0, history), NO_HISTORY];
  let from = historyEnd;
  for (const marker of SIDE_MARKERS) {
    const contentStart = line.indexOf(marker, from);
    if (contentStart < 0) return null;
    const contentBody = contentStart + marker.length;
    const contentEnd = endOfString(line, contentBody);
    if (contentEnd < 0 || line.compare(REASONING, 0, REASONING.length, contentEnd + 1, contentEnd + 1 + REASONING.length) !== 0) return null;
    const reasoningBody = contentEnd + 1 + REASONING.length;
    const reasoningEnd = endOfString(line, reasoningBody);
    if (reasoningEnd < 0) return null;
    kept.push(line.toString('utf8', from, contentBody), line.toString('utf8', contentEnd, reasoningBody));
    from = reasoningEnd;
  }
  kept.push(line.toString('utf8', from));
  return kept.join('');
}

/** The index of the quote that closes the JSON string whose body starts at `start` (-1 if there is none). */
function endOfString(line: Buffer, start: number): number {
  let at = start;
  for (;;) {
    const quote = line.indexOf(QUOTE, at);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (line[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}
