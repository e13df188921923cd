import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatP, reportMarkdown } from '../../electron/services/report/report-markdown';
import { formatCell, reportTable, rowsOf } from '../../electron/services/report/report-table';
import { REPORT_FILES } from '../../electron/shared/report';
import { rateOf, studyStats, threeModelStats } from './report-stats-builder';
import { tableUnder } from '../support/markdown-table';


describe('the report as Markdown', () => {
  it('has the title, date, models, setup, verdicts and one table per scope holding the table’s cells', () => {
    const stats = studyStats();
    const md = reportMarkdown(stats, { sessionName: 'Qwen3 vs Qwen2, as the study did it' });
    expect(md.startsWith('# Qwen3 vs Qwen2, as the study did it\n\nReport of 2026-03-02')).toBe(true);
    expect(md).toContain('1. Qwen3-4B-Instruct-2507\n2. Qwen2-7B-Instruct');
    expect(md).toContain('- 64 comparisons, 60 votes.');
    expect(md).toContain(`## Verdict\n\n${stats.verdict}`);
    for (const pair of stats.overall.pairs) expect(md).toContain(pair.verdict.text);
    expect(md).toContain('exact sign test p = 0.041');
    const table = reportTable(stats);
    for (const [heading, category] of [['### Overall', null], ...stats.categories.map((c) => [`### ${c.category}`, c.category])] as const) {
      const rows = tableUnder(md, heading);
      expect(rows[0]).toEqual(['Metric', ...stats.models]);
      expect(rows.slice(1)).toEqual(rowsOf(table, category).map((row) => [row.metric, ...row.cells.map((cell) => formatCell(row.unit, cell))]));
    }
  });

  it('puts position bias and rater consistency in sentences, with their figures', () => {
    const md = reportMarkdown(studyStats());
    expect(md).toContain('Of 54 decided votes, the left answer won 29 and the right 25');
    expect(md).toContain('exact sign test p = 0.683: no sign of a position bias.');
    expect(md).toContain('6 hidden repeats');
    expect(md).toContain('in 5: 83% (72–92%, n=6)');
    const biased = reportMarkdown(studyStats({ position: { leftWins: 10, rightWins: 40, leftWinRate: rateOf(10, 50), signTestP: 0.00002 } }));
    expect(biased).toContain('p = < 0.001: the right side won more often than chance explains, a position bias');
    const none = reportMarkdown(studyStats({ position: { leftWins: 0, rightWins: 0, leftWinRate: rateOf(0, 0), signTestP: null }, consistency: { pairs: 0, consistent: rateOf(0, 0), sameSide: rateOf(0, 0) } }));
    expect(none).toContain('No vote has picked a side yet');
    expect(none).toContain('rater consistency is unknown');
  });

  it('lists Bradley-Terry ratings with intervals and ranks only when there are some', () => {
    expect(reportMarkdown(studyStats())).not.toContain('Bradley-Terry ratings\n');
    const md = reportMarkdown(threeModelStats());
    const lines = md.split('\n');
    const at = lines.findIndex((l) => l.startsWith('| Rank |'));
    expect(lines.slice(at, at + 5)).toEqual([
      '| Rank | Model | Rating | 95% interval |',
      '| ---: | --- | ---: | ---: |',
      '| 1 | Qwen3-4B-Instruct-2507 | 1102 | 1051–1161 |',
      '| 2 | Qwen2-7B-Instruct | 952 | 902–1003 |',
      '| 2 | Llama3-8B \\| 中文 | 946 | 881–1011 |',
    ]);
    expect(md).toContain('bootstrap (1,000 resamples, seed 42)');
  });

  it('links the charts it is given, by their file names', () => {
    const md = reportMarkdown(studyStats(), {}, [
      { file: REPORT_FILES.winRates, title: 'Qwen3 vs Qwen2' },
      { file: REPORT_FILES.latency, title: 'End-to-end time' },
    ]);
    expect(md).toContain('## Charts\n\n![Qwen3 vs Qwen2](win-rates.png)\n\n![End-to-end time](latency.png)\n\n## How to read this');
    expect(reportMarkdown(studyStats())).not.toContain('## Charts');
  });

  it('names a variant session’s model and its variants’ labels', () => {
    const md = reportMarkdown(studyStats({ models: ['t=0.2', 't=0.9'] }), { sessionName: 'Temperature', variantOf: 'Qwen3-4B-Instruct-2507' });
    expect(md).toContain('One model, Qwen3-4B-Instruct-2507, under 2 settings (variants):\n\n1. t=0.2\n2. t=0.9');
    expect(md).toContain('| Metric | t=0.2 | t=0.9 |');
  });

  it('says how to read it: Wilson, sign test, ties excluded, t intervals, bootstrap', () => {
    const md = reportMarkdown(studyStats());
    for (const words of ['Wilson', 'exact two-sided sign test', 'ties and "both bad" are left out', 'Student t', '1,000 resamples']) expect(md).toContain(words);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('escapes pipes, newlines and Markdown in names, so a cell stays one cell and nothing becomes markup', () => {
    expect(escapeMarkdown('a|b\nc\r\nd')).toBe('a\\|b c d');
    expect(escapeMarkdown('<img src=x> *bold* _it_ [l](u) `c` \\')).toBe('\\<img src=x\\> \\*bold\\* \\_it\\_ \\[l\\](u) \\`c\\` \\\\');
    const stats = studyStats({ models: ['Evil | model\nwith *stars*', '<script>alert(1)</script>'], dimensions: ['acc|uracy', 'fluency'] });
    stats.overall.models = stats.overall.models.map((m) => ({ ...m, scores: { 'acc|uracy': m.scores.accuracy!, fluency: m.scores.fluency! } }));
    stats.categories = [{ ...stats.categories[0]!, category: 'Q|A\nnew line' }];
    const md = reportMarkdown(stats, { sessionName: '# Not | a heading\n## twice' });
    const html = new MarkdownIt({ html: true }).render(md);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<em>');
    expect(html).toContain('<h1># Not | a heading ## twice</h1>');
    // Every table row has exactly one cell per column: a pipe or newline in a name did not split or end it.
    for (const heading of ['### Overall', '### Q\\|A new line']) {
      for (const row of tableUnder(md, heading)) expect(row.length).toBe(3);
    }
    const tables = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => (m[1]!.match(/<t[dh]/g) ?? []).length);
    expect(new Set(tables.slice(0, 10))).toEqual(new Set([3]));
    expect(html).toContain('<th style="text-align:right">Evil | model with *stars*</th>');
  });

  it('writes p values with three decimals, and tiny ones as < 0.001', () => {
    expect([formatP(0.5), formatP(0.0412), formatP(0.00099), formatP(1)]).toEqual(['0.500', '0.041', '< 0.001', '1.000']);
  });
});
