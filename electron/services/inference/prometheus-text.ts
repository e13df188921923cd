// Samples out of Prometheus' text exposition format (what vLLM's /metrics serves):
//   name{label="value",...} 1.5 [timestamp]
// Comments (# HELP / # TYPE) and blank lines are skipped; label values may hold escaped \" \\ \n.

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;

export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const line of text.split(/\r?\n/)) {
    const sample = parseSampleLine(line.trim());
    if (sample) samples.push(sample);
  }
  return samples;
}

function parseSampleLine(line: string): PrometheusSample | null {
  if (line === '' || line.startsWith('#')) return null;
  const match = SAMPLE.exec(line);
  if (!match) return null;
  const value = parseValue(match[3] ?? '');
  if (value === null) return null;
  return { name: match[1] ?? '', labels: parseLabels(match[2] ?? ''), value };
}

function parseLabels(block: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, raw] of block.matchAll(LABEL)) {
    if (name !== undefined) labels[name] = unescapeLabel(raw ?? '');
  }
  return labels;
}

function unescapeLabel(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number | null {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}
