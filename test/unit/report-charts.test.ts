import { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { FALLBACK_FONT_FAMILIES } from '../../electron/services/report/chart-png';
import { chartFile, isReportChartFile, renderReportCharts } from '../../electron/services/report/report-charts';
import { REPORT_FILES } from '../../electron/shared/report';
import { chartsFor } from '../../electron/shared/stats-charts';
import { studyStats, threeModelStats } from './report-stats-builder';

const PNG_SIGNATURE = '89504e470d0a1a0a';

describe('the report’s charts as PNG', () => {
  it('draws every chart the Stats view has for these stats, under REPORT_FILES names where there is one', async () => {
    const stats = threeModelStats();
    const rendered = await renderReportCharts(stats);
    expect(rendered.map((c) => c.id)).toEqual(chartsFor(stats).map((c) => c.id));
    expect(rendered.map((c) => c.file)).toEqual([
      REPORT_FILES.winRates,
      'win-rates-1-vs-3.png',
      'win-rates-2-vs-3.png',
      REPORT_FILES.bradleyTerry,
      'latency-ttft.png',
      'latency-decode.png',
      REPORT_FILES.latency,
      REPORT_FILES.scores,
      REPORT_FILES.categories,
      REPORT_FILES.position,
    ]);
    for (const chart of rendered) {
      expect(chart.png.subarray(0, 8).toString('hex'), chart.id).toBe(PNG_SIGNATURE);
      expect(chart.png.readUInt32BE(16), chart.id).toBe(1600);
      expect(chart.png.readUInt32BE(20), chart.id).toBeGreaterThan(300);
      expect(chart.png.length, chart.id).toBeGreaterThan(10_000);
      expect(isReportChartFile(chart.file), chart.file).toBe(true);
    }
    // each chart destroyed once drawn: chart.js keeps no instance
    expect(Object.keys(Chart.instances)).toEqual([]);
    // CJK and emoji names can find a font installed for them (skia falls back only along the family list)
    expect(Chart.defaults.font.family).toContain(`'${FALLBACK_FONT_FAMILIES[0]}'`);
  });

  it('draws the same bytes for the same stats', async () => {
    const [a, b] = [await renderReportCharts(studyStats()), await renderReportCharts(studyStats())];
    expect(a.map((c) => c.png.equals(b.find((d) => d.id === c.id)!.png))).toEqual(a.map(() => true));
  });

  it('names the study’s own charts by REPORT_FILES and knows its chart files from anyone else’s', () => {
    const stats = studyStats();
    expect(chartFile(stats, 'win-rates-1-vs-2')).toBe(REPORT_FILES.winRates);
    expect(chartFile(stats, 'latency-e2e')).toBe(REPORT_FILES.latency);
    expect(chartFile(stats, 'latency-ttft')).toBe('latency-ttft.png');
    expect(['win-rates.png', 'win-rates-2-vs-4.png', 'latency-decode.png', 'bradley-terry.png'].every(isReportChartFile)).toBe(true);
    expect(['holiday.png', 'report.md', 'win-rates.png.bak', 'scores.jpg'].some(isReportChartFile)).toBe(false);
  });
});
