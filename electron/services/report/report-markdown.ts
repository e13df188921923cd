// The study's report as Markdown (report.md): what was compared, the verdict, the table per scope with every
// estimate's interval and n, position bias and rater consistency in sentences, Bradley-Terry ratings with three or
// more models, the charts (PNG files beside it) and how to read it all. Built from SessionStats only, so a report
// says exactly what the Stats view says.
import type { PairStats, RateEstimate, SessionStats } from '../../shared/stats';
import { formatCell, formatNumber, reportTable, rowsOf, tableScopes, type ReportTable } from './report-table';

/** What the report says beyond SessionStats: the session's name and, for a variant session, its one model. */
export interface ReportContext {
  /** The session's name (the title); default: its id. */
  sessionName?: string;
  /** A variant session: the model every variant runs (stats.models then holds the variants' labels). */
  variantOf?: string | null;
}

/** A chart the report links to: its PNG file beside report.md and its title. */
export interface ReportChart {
  file: string;
  title: string;
}

/**
 * Text as Markdown shows it literally inside a line or a table cell: Markdown's inline punctuation escaped with a
 * backslash (a pipe would end the cell, `<` start HTML, `*` and `_` emphasis), line breaks made spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\\`*_[\]<>|~&#!]/g, '\\$&');
}

/** A rate as the table shows one: `62% (51–72%, n=80)`. */
function percent(estimate: RateEstimate): string {
  if (estimate.rate === null) return 'no decided vote yet';
  const ci = estimate.ci === null ? '' : `${formatNumber(estimate.ci.low * 100, 'percent')}–${formatNumber(estimate.ci.high * 100, 'percent')}%, `;
  return `${formatNumber(estimate.rate * 100, 'percent')}% (${ci}n=${estimate.n})`;
}

/** p as a sentence shows it: three decimals, "< 0.001" below that. */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

type Align = 'left' | 'right';

/** A GitHub-flavoured Markdown table; every cell escaped. Columns align right unless `align` says otherwise. */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = ['left']): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = header.map((_, i) => ((align[i] ?? 'right') === 'left' ? ' --- ' : ' ---: ')).join('|');
  return [line(header), `|${rule}|`, ...rows.map(line)].join('\n');
}

function scopeTable(table: ReportTable, category: string | null): string {
  const rows = rowsOf(table, category).map((row) => [row.metric, ...row.cells.map((cell) => formatCell(row.unit, cell))]);
  return markdownTable(['Metric', ...table.models], rows);
}

function name(stats: SessionStats, model: number): string {
  return escapeMarkdown(stats.models[model] ?? `model ${model + 1}`);
}

function pairLine(stats: SessionStats, pair: PairStats): string {
  const a = name(stats, pair.a);
  const b = name(stats, pair.b);
  const counts = `${plural(pair.votes, 'vote')}: ${a} won ${pair.aWins}, ${b} won ${pair.bWins}, ${plural(pair.ties, 'tie')}, ${pair.bothBad} both bad`;
  const test = pair.signTestP === null ? '' : `; ${a}'s win rate ${percent(pair.aWinRate)}, exact sign test p = ${formatP(pair.signTestP)}`;
  return `- **${a} vs ${b}**: ${escapeMarkdown(pair.verdict.text)}\n  (${counts}${test}.)`;
}

function modelsSection(stats: SessionStats, context: ReportContext): string[] {
  const lines = ['## Models', ''];
  if (context.variantOf) lines.push(`One model, ${escapeMarkdown(context.variantOf)}, under ${stats.models.length} settings (variants):`, '');
  stats.models.forEach((model, i) => lines.push(`${i + 1}. ${escapeMarkdown(model)}`));
  return lines;
}

function setupSection(stats: SessionStats): string[] {
  const categories = stats.categories.map((c) => escapeMarkdown(c.category));
  return [
    '## Setup',
    '',
    `- ${plural(stats.comparisons, 'comparison')}, ${plural(stats.votes, 'vote')}.`,
    `- Score dimensions (0–5): ${stats.dimensions.length === 0 ? 'none' : stats.dimensions.map(escapeMarkdown).join(', ')}.`,
    `- Categories: ${categories.length === 0 ? 'none' : categories.join('; ')}.`,
  ];
}

function verdictSection(stats: SessionStats): string[] {
  const lines = ['## Verdict', '', escapeMarkdown(stats.verdict)];
  if (stats.overall.pairs.length > 0) lines.push('', ...stats.overall.pairs.map((pair) => pairLine(stats, pair)));
  return lines;
}

function resultsSection(stats: SessionStats, table: ReportTable): string[] {
  const lines = ['## Results', ''];
  for (const category of tableScopes(table)) {
    lines.push(category === null ? '### Overall' : `### ${escapeMarkdown(category)}`, '', scopeTable(table, category), '');
    const pairs = category === null ? [] : (stats.categories.find((c) => c.category === category)?.pairs ?? []);
    for (const pair of pairs) lines.push(`- ${name(stats, pair.a)} vs ${name(stats, pair.b)}: ${escapeMarkdown(pair.verdict.text)}`);
    if (pairs.length > 0) lines.push('');
  }
  return lines.slice(0, -1);
}

function positionSentence(stats: SessionStats): string {
  const { position } = stats;
  if (position.leftWinRate.n === 0) return 'No vote has picked a side yet, so position bias cannot be measured.';
  const p = position.signTestP;
  const base = `Of ${plural(position.leftWinRate.n, 'decided vote')}, the left answer won ${position.leftWins} and the right ${position.rightWins}: the left side's win rate is ${percent(position.leftWinRate)}`;
  if (p === null) return `${base}.`;
  return p < 0.05
    ? `${base}, exact sign test p = ${formatP(p)}: the ${position.leftWins > position.rightWins ? 'left' : 'right'} side won more often than chance explains, a position bias. Sides are balanced between the models, so it favours no model, but it adds noise to every comparison.`
    : `${base}, exact sign test p = ${formatP(p)}: no sign of a position bias.`;
}

function consistencySentence(stats: SessionStats): string {
  const { consistency } = stats;
  if (consistency.pairs === 0) return 'No hidden repeat (the same prompt shown again later with the sides swapped) has been voted both times yet, so rater consistency is unknown.';
  return (
    `${plural(consistency.pairs, 'hidden repeat')} (the same prompt shown again later with the sides swapped) ${consistency.pairs === 1 ? 'was' : 'were'} voted both times. ` +
    `The same model was preferred (or the same tie or both bad) in ${consistency.consistent.k}: ${percent(consistency.consistent)}. ` +
    `The same side was preferred both times, so a different model, in ${consistency.sameSide.k}: ${percent(consistency.sameSide)}.`
  );
}

function bradleyTerrySection(stats: SessionStats): string[] {
  const bt = stats.bradleyTerry;
  if (bt === null) return [];
  const ratings = [...bt.ratings].sort((x, y) => x.rank - y.rank || y.rating - x.rating);
  const rows = ratings.map((r) => [String(r.rank), stats.models[r.model] ?? `model ${r.model + 1}`, r.rating.toFixed(0), `${r.ci.low.toFixed(0)}–${r.ci.high.toFixed(0)}`]);
  return [
    '## Bradley-Terry ratings',
    '',
    `All models on one scale, fitted to ${plural(bt.votes, 'vote')} (ties and both bad count as half a win to each): Elo points, 400 per factor of 10 in the odds, the mean model at 1000; 95% intervals by bootstrap (${bt.resamples.toLocaleString('en-US')} resamples, seed ${bt.seed}). A model ranks below another only when the other's whole interval lies above its own.`,
    '',
    markdownTable(['Rank', 'Model', 'Rating', '95% interval'], rows, ['right', 'left']),
  ];
}

function chartsSection(charts: readonly ReportChart[]): string[] {
  if (charts.length === 0) return [];
  return ['## Charts', '', ...charts.flatMap((chart) => [`![${escapeMarkdown(chart.title)}](${encodeURI(chart.file)})`, ''])].slice(0, -1);
}

/** The resamples of the Bradley-Terry bootstrap when the stats do not say (they do whenever there are ratings). */
export const BOOTSTRAP_RESAMPLES = 1000;

function howToRead(stats: SessionStats): string[] {
  const resamples = (stats.bradleyTerry?.resamples ?? BOOTSTRAP_RESAMPLES).toLocaleString('en-US');
  return [
    '## How to read this',
    '',
    '- Every figure comes with its 95% interval and n, the number of votes, answers or scores it rests on. "—": no data.',
    '- Win rates count decided votes only: ties and "both bad" are left out of them (the votes row counts them). Their interval is the Wilson score interval.',
    "- A pair's p is the exact two-sided sign test of one model's wins against the other's (ties and both bad left out): below 0.05, a difference this large is unlikely to be chance.",
    '- Means (latency, scores, completeness) have Student t intervals; a mean of a single value has none. Medians are shown without an interval.',
    '- Latency counts every answer a model completed, voted or not: E2E is the whole answer, TTFT the time to its first token, decode speed the tokens per second after that.',
    `- Bradley-Terry ratings (three or more models) have bootstrap intervals: ${resamples} resamples of the votes, refitted each time.`,
  ];
}

/** report.md's text. `charts`: the PNGs written beside it, in the order to show them. */
export function reportMarkdown(stats: SessionStats, context: ReportContext = {}, charts: readonly ReportChart[] = []): string {
  const table = reportTable(stats);
  const title = context.sessionName !== undefined && context.sessionName.trim() !== '' ? context.sessionName : `Session ${stats.sessionId}`;
  const sections: string[][] = [
    [`# ${escapeMarkdown(title)}`, '', `Report of ${stats.at.slice(0, 10)} (statistics computed at ${stats.at}), session ${stats.sessionId}.`],
    modelsSection(stats, context),
    setupSection(stats),
    verdictSection(stats),
    resultsSection(stats, table),
    ['## Position bias', '', positionSentence(stats)],
    ['## Rater consistency', '', consistencySentence(stats)],
    bradleyTerrySection(stats),
    chartsSection(charts),
    howToRead(stats),
  ];
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}
