// Colours, themes and the options every chart shares. Pure data: the Stats view (in the page) and the report (in
// Node, on @napi-rs/canvas) draw the same configurations, so nothing here may touch the DOM or chart.js's runtime.
import type { ChartType, Plugin, ScaleOptionsByType } from 'chart.js';

/**
 * One colour per model index, fixed for the session (model 0 is always the first colour). Mid-tone hues, each at
 * least 3:1 against both the light panel (#ffffff) and the dark one (#1f2026), so fills and legend swatches read
 * in either theme; text never uses them.
 */
export const MODEL_COLORS = ['#4c84f0', '#ec8a2c', '#2aa876', '#e2557a', '#9a6cf0', '#1fa7c9', '#c29b1e', '#8c8c9c'] as const;

/** The colours of the outcomes that are not a model's win. */
export const OUTCOME_COLORS = { tie: '#a3a3b2', bothBad: '#8a6d5b' } as const;

/** The two sides of the vote screen (not models: any model can be on either). */
export const SIDE_COLORS = { left: '#3a9e98', right: '#b7793a' } as const;

export function modelColor(model: number): string {
  return MODEL_COLORS[((model % MODEL_COLORS.length) + MODEL_COLORS.length) % MODEL_COLORS.length]!;
}

/** The same colour with an alpha (0–1), for box fills. */
export function withAlpha(hex: string, alpha: number): string {
  const byte = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return `${hex}${byte.toString(16).padStart(2, '0')}`;
}

export interface ChartTheme {
  name: 'light' | 'dark';
  /** Ticks, titles, legends. */
  text: string;
  grid: string;
  /** Interval whiskers and reference lines. */
  marks: string;
  /** Filled behind the chart, so a saved PNG reads the same outside the app; null leaves it transparent. */
  background: string | null;
}

/** The light and dark themes match renderer/src/styles.css (--text, --border, --panel). */
export const LIGHT_THEME: ChartTheme = { name: 'light', text: '#1d1d22', grid: '#d9d9e0', marks: '#1d1d22', background: '#ffffff' };
export const DARK_THEME: ChartTheme = { name: 'dark', text: '#e8e8ee', grid: '#33343d', marks: '#e8e8ee', background: '#1f2026' };

export interface ChartBuildOptions {
  /** false: no animation at all (the report draws one frame). Default true. */
  animation?: boolean;
  /** Default LIGHT_THEME (the report's). */
  theme?: ChartTheme;
  /** false: the canvas keeps the size it has (the report's fixed-size canvases). Default true. */
  responsive?: boolean;
}

export interface ResolvedBuildOptions {
  animation: boolean;
  theme: ChartTheme;
  responsive: boolean;
}

export function resolveOptions(options: ChartBuildOptions = {}): ResolvedBuildOptions {
  return { animation: options.animation ?? true, theme: options.theme ?? LIGHT_THEME, responsive: options.responsive ?? true };
}

export const BACKGROUND_PLUGIN_ID = 'pairwiseBackground';

export interface BackgroundOptions {
  color: string | null;
}

/** Fills the whole canvas before anything is drawn: chart.js leaves it transparent, which a PNG viewer shows as black or white. */
export const backgroundPlugin: Plugin = {
  id: BACKGROUND_PLUGIN_ID,
  beforeDraw(chart) {
    const color = chart.config.options?.plugins?.[BACKGROUND_PLUGIN_ID]?.color;
    if (!color) return;
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** The options every chart starts from: animation, theme colours of the title and legend, the background. */
export function baseOptions(title: string, options: ResolvedBuildOptions) {
  const { theme } = options;
  return {
    animation: options.animation ? undefined : (false as const),
    responsive: options.responsive,
    maintainAspectRatio: true,
    color: theme.text,
    plugins: {
      title: { display: true, text: title, color: theme.text, font: { size: 14, weight: 'bold' as const } },
      legend: { labels: { color: theme.text } },
      [BACKGROUND_PLUGIN_ID]: { color: theme.background },
    },
  };
}

/** A linear or category axis in the theme's colours. */
export function themedScale(theme: ChartTheme, title: string | null, extra: Partial<ScaleOptionsByType<'linear'>> = {}) {
  return {
    ...extra,
    ticks: { color: theme.text, ...extra.ticks },
    grid: { color: theme.grid, ...extra.grid },
    border: { color: theme.grid },
    title: { display: title !== null, text: title ?? '', color: theme.text },
  };
}

export function categoryScale(theme: ChartTheme) {
  return { ticks: { color: theme.text }, grid: { display: false }, border: { color: theme.grid } };
}

export function percent(rate: number | null): number | null {
  return rate === null ? null : rate * 100;
}

declare module 'chart.js' {
  // Merged into chart.js's interface, whose type parameter it must repeat (unused here).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    pairwiseBackground?: BackgroundOptions;
  }
}
