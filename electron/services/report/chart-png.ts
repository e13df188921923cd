// A chart.js 4 chart drawn to PNG in plain Node (issue 10, the report's charts): chart.js on @napi-rs/canvas
// (Skia; no DOM, no browser), the same ChartConfiguration the Stats view draws (electron/shared/stats-charts.ts).
// Text is drawn with the system's fonts: @napi-rs/canvas ships none and finds the installed ones itself. Skia falls
// back glyph by glyph only along the CSS family list, and chart.js's list ends in sans-serif, which resolves to one
// Latin font (DejaVu Sans on Linux), so a CJK model name would be empty boxes even with a CJK font installed: the
// list is extended with the common CJK and emoji families of Linux, macOS and Windows (absent ones are skipped).
// With none of them installed (a bare Linux server), CJK still shows as boxes. The page's colour is the
// configuration's own (its background plugin, stats-charts/theme.ts).
import { createCanvas } from '@napi-rs/canvas';
import { BoxAndWiskers, BoxPlotController } from '@sgratzl/chartjs-chart-boxplot';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';

/** CSS pixels; the PNG has twice as many each way (devicePixelRatio 2), sharp on a high-density screen. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 450;
export const CHART_PIXEL_RATIO = 2;

/** Where Skia finds CJK and emoji glyphs the Latin fonts lack, tried in this order. */
export const FALLBACK_FONT_FAMILIES = [
  'Noto Sans CJK SC',
  'Noto Sans SC',
  'Source Han Sans SC',
  'WenQuanYi Micro Hei',
  'WenQuanYi Zen Hei',
  'Droid Sans Fallback',
  'PingFang SC',
  'Hiragino Sans GB',
  'Hiragino Sans',
  'Microsoft YaHei',
  'Yu Gothic',
  'Malgun Gothic',
  'Noto Sans CJK JP',
  'Noto Sans CJK KR',
  'Noto Color Emoji',
  'Apple Color Emoji',
  'Segoe UI Emoji',
] as const;

/** chart.js's own default families, then the fallbacks. */
export const REPORT_FONT_FAMILY = ["'Helvetica Neue'", "'Helvetica'", "'Arial'", "'DejaVu Sans'", ...FALLBACK_FONT_FAMILIES.map((f) => `'${f}'`), 'sans-serif'].join(', ');

let registered = false;

function registerOnce(): void {
  if (registered) return;
  Chart.register(...registerables, BoxPlotController, BoxAndWiskers);
  // Process-wide, like the registration: chart.js draws only the report's charts in this process.
  Chart.defaults.font.family = REPORT_FONT_FAMILY;
  registered = true;
}

export interface ChartSize {
  width: number;
  height: number;
}

/**
 * Draws `config` once, synchronously (no animation, no resize observer), and encodes it as PNG. The chart is
 * destroyed once encoded (or when encoding fails), so nothing of it stays in chart.js's list of instances.
 */
export async function chartPng(config: ChartConfiguration, size: ChartSize = { width: CHART_WIDTH, height: CHART_HEIGHT }): Promise<Buffer> {
  registerOnce();
  const canvas = createCanvas(size.width, size.height);
  const context = canvas.getContext('2d');
  // chart.js sizes the canvas itself (width × pixel ratio) when it is not responsive.
  const chart = new Chart(context as unknown as ConstructorParameters<typeof Chart>[0], {
    ...config,
    options: { ...config.options, animation: false, responsive: false, maintainAspectRatio: false, devicePixelRatio: CHART_PIXEL_RATIO },
  } as ChartConfiguration);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
