// A tiny inline chart.js plugin that draws 95% intervals as whiskers over bars, and dashed reference lines (the
// 50% of a win rate, the 1000 of a Bradley-Terry rating). Why a plugin and not an extra dataset: the intervals sit
// on stacked and grouped bars, where a line dataset would be stacked too or need an axis of its own; a plugin
// just reads the bar's pixel position after the datasets are drawn. Its data lives in the chart's options
// (options.plugins.pairwiseIntervals), not in the plugin, so one plugin object serves every chart and a chart
// whose options are replaced (the view, as votes arrive) draws the new intervals with no new plugin.
import type { ChartType, Plugin } from 'chart.js';

export const INTERVAL_PLUGIN_ID = 'pairwiseIntervals';

/** One interval, in the value axis's units, over the bar `index` of dataset `datasetIndex`. */
export interface IntervalMark {
  datasetIndex: number;
  index: number;
  low: number;
  high: number;
}

/** A dashed line across the plot at `value` on the value axis. */
export interface ReferenceLine {
  value: number;
  label: string;
}

export interface IntervalOptions {
  marks: IntervalMark[];
  lines: ReferenceLine[];
  color: string;
}

interface Point {
  x: number;
  y: number;
  width?: number;
  height?: number;
}

export const intervalPlugin: Plugin = {
  id: INTERVAL_PLUGIN_ID,
  afterDatasetsDraw(chart) {
    const options = chart.config.options?.plugins?.[INTERVAL_PLUGIN_ID];
    if (!options) return;
    const horizontal = chart.config.options?.indexAxis === 'y';
    const valueScale = horizontal ? chart.scales.x : chart.scales.y;
    if (!valueScale) return;
    const { ctx, chartArea } = chart;
    const color = options.color ?? '#000000';
    ctx.save();
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.5;

    ctx.setLineDash([5, 4]);
    for (const line of options.lines ?? []) {
      if (typeof line?.value !== 'number') continue;
      const at = valueScale.getPixelForValue(line.value);
      ctx.beginPath();
      if (horizontal) {
        ctx.moveTo(at, chartArea.top);
        ctx.lineTo(at, chartArea.bottom);
      } else {
        ctx.moveTo(chartArea.left, at);
        ctx.lineTo(chartArea.right, at);
      }
      ctx.stroke();
      if (line.label) {
        ctx.font = '11px sans-serif';
        // Inside the plot, beside the line: above it would run into the legend.
        ctx.textAlign = horizontal ? 'left' : 'right';
        ctx.textBaseline = horizontal ? 'top' : 'bottom';
        if (horizontal) ctx.fillText(line.label, at + 3, chartArea.top + 2);
        else ctx.fillText(line.label, chartArea.right - 2, at - 2);
      }
    }
    ctx.setLineDash([]);

    for (const mark of options.marks ?? []) {
      if (!mark || typeof mark.low !== 'number' || typeof mark.high !== 'number') continue;
      const datasetIndex = mark.datasetIndex ?? 0;
      if (!chart.isDatasetVisible(datasetIndex)) continue;
      const element = chart.getDatasetMeta(datasetIndex).data[mark.index ?? 0];
      if (!element) continue;
      const bar = element.getProps(['x', 'y', 'width', 'height'], true) as Point;
      const center = horizontal ? bar.y : bar.x;
      const thickness = (horizontal ? bar.height : bar.width) ?? 12;
      const cap = Math.max(3, Math.min(8, thickness / 4));
      const low = valueScale.getPixelForValue(mark.low);
      const high = valueScale.getPixelForValue(mark.high);
      ctx.beginPath();
      if (horizontal) {
        ctx.moveTo(low, center);
        ctx.lineTo(high, center);
        for (const end of [low, high]) {
          ctx.moveTo(end, center - cap);
          ctx.lineTo(end, center + cap);
        }
      } else {
        ctx.moveTo(center, low);
        ctx.lineTo(center, high);
        for (const end of [low, high]) {
          ctx.moveTo(center - cap, end);
          ctx.lineTo(center + cap, end);
        }
      }
      ctx.stroke();
    }
    ctx.restore();
  },
};

declare module 'chart.js' {
  // Merged into chart.js's interface, whose type parameter it must repeat (unused here).
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    pairwiseIntervals?: IntervalOptions;
  }
}
