// Reading a Markdown table back in tests (the report's): the rows under a heading, as cells.

/** The rows of the Markdown table under `heading` (its alignment row left out), split on unescaped pipes, escapes undone. */
export function tableUnder(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading "${heading}" in the Markdown`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((cell) => cell.replace(/\\(.)/g, '$1')),
    );
  }
  return rows.filter((_, i) => i !== 1);
}
