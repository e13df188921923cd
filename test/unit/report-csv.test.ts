import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tableCsv } from '../../electron/services/report/report-csv';
import { formatCell, reportTable, scopeName } from '../../electron/services/report/report-table';
import { studyStats, threeModelStats } from './report-stats-builder';

const read = (text: string) => parse(text, { bom: true, record_delimiter: '\r\n' }) as string[][];

describe('the report’s table.csv', () => {
  it('holds the table: scope, metric, one column per model, the cells as report.md shows them', () => {
    const stats = threeModelStats();
    const text = tableCsv(reportTable(stats));
    expect(text.startsWith('\uFEFFscope,metric,Qwen3-4B-Instruct-2507,Qwen2-7B-Instruct,Llama3-8B | 中文\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const [header, ...rows] = read(text);
    expect(header).toEqual(['scope', 'metric', ...stats.models]);
    expect(rows).toEqual(reportTable(stats).rows.map((row) => [scopeName(row.category), row.metric, ...row.cells.map((cell) => formatCell(row.unit, cell))]));
    expect(rows[0]).toEqual(['overall', 'Votes', '60', '60', '30']);
  });

  it('neutralises every text cell a spreadsheet would run as a formula: model, category and dimension names', () => {
    const stats = studyStats({ models: ['=HYPERLINK("http://x","click")', '@SUM(A1)'], dimensions: ['accuracy', 'fluency'] });
    stats.categories = [{ ...stats.categories[0]!, category: '-2+3' }, { ...stats.categories[1]!, category: '+cmd|calc' }];
    const stats2 = { ...stats, dimensions: ['=1+1'] };
    for (const m of [...stats2.overall.models]) m.scores['=1+1'] = m.scores.accuracy!;
    const [header, ...rows] = read(tableCsv(reportTable(stats2)));
    expect(header).toEqual(['scope', 'metric', `'=HYPERLINK("http://x","click")`, "'@SUM(A1)"]);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['overall', "'-2+3", "'+cmd|calc"]));
    expect(rows.find((r) => r[1]!.startsWith('=1+1'))).toBeUndefined();
    expect(rows.filter((r) => r[1] === "'=1+1 (mean score, 0–5)")).toHaveLength(3);
    // no cell of any row starts a formula
    for (const row of [header!, ...rows]) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
  });
});
