// The report's charts as PNG files: the Stats view's own chart definitions (chartsFor, electron/shared/stats-charts.ts)
// in the light theme, drawn in Node by chart-png.ts, each under its file name. REPORT_FILES names one file per kind
// of chart; where the stats have several of a kind (a pair's win rates with three or more models, the three
// latency figures), the one the study reported gets that name (the first pair, E2E latency) and the others are
// named by their chart id ("win-rates-1-vs-3.png", "latency-ttft.png").
import { REPORT_FILES } from '../../shared/report';
import type { SessionStats } from '../../shared/stats';
import { chartsFor, CHART_IDS, LIGHT_THEME, pairChartId, type StatsChart } from '../../shared/stats-charts';
import { chartPng, CHART_HEIGHT, CHART_WIDTH, type ChartSize } from './chart-png';

export interface RenderedChart {
  id: string;
  title: string;
  /** Its file name in the report's folder. */
  file: string;
  png: Buffer;
  /** How long drawing and encoding took. */
  ms: number;
}

/** The file of each chart id that REPORT_FILES names; other ids are `<id>.png`. */
export function chartFile(stats: SessionStats, id: string): string {
  const firstPair = stats.overall.pairs[0];
  if (firstPair !== undefined && id === pairChartId(firstPair)) return REPORT_FILES.winRates;
  const named: Record<string, string> = {
    [CHART_IDS.latency.e2eMs]: REPORT_FILES.latency,
    [CHART_IDS.scores]: REPORT_FILES.scores,
    [CHART_IDS.categories]: REPORT_FILES.categories,
    [CHART_IDS.position]: REPORT_FILES.position,
    [CHART_IDS.bradleyTerry]: REPORT_FILES.bradleyTerry,
  };
  return named[id] ?? `${id}.png`;
}

/** Is `file` a chart a report may have written (the names above)? For clearing an earlier report's charts. */
export function isReportChartFile(file: string): boolean {
  return /^(win-rates|latency|scores|categories|position-bias|bradley-terry)(-[a-z0-9-]+)?\.png$/.test(file);
}

/** The canvas of a chart: 800 CSS pixels wide, as high as its aspect ratio asks (16:9 without one). */
function sizeOf(chart: StatsChart): ChartSize {
  const ratio = (chart.config.options as { aspectRatio?: number } | undefined)?.aspectRatio;
  return { width: CHART_WIDTH, height: typeof ratio === 'number' && ratio > 0 ? Math.round(CHART_WIDTH / ratio) : CHART_HEIGHT };
}

/** Every chart that applies to `stats`, drawn one after another (each chart destroyed before the next). */
export async function renderReportCharts(stats: SessionStats): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const chart of chartsFor(stats, { animation: false, responsive: false, theme: LIGHT_THEME })) {
    const started = performance.now();
    const png = await chartPng(chart.config as Parameters<typeof chartPng>[0], sizeOf(chart));
    rendered.push({ id: chart.id, title: chart.title, file: chartFile(stats, chart.id), png, ms: performance.now() - started });
  }
  return rendered;
}
