import { useEffect, useRef, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { chartFileName, type StatsChart } from '../../../../electron/shared/stats-charts';
import { Chart } from './chart-setup';

interface ChartCanvasProps {
  chart: StatsChart;
  /** The session's name, for the PNG's file name. */
  sessionName: string;
  /** The id of the table that says the same in text (the chart's text equivalent). */
  describedBy?: string;
}

/**
 * One chart.js chart, drawn from a shared configuration exactly as the report draws it. chart.js directly rather
 * than react-chartjs-2: the configurations are whole ChartConfigurations (type, data, options and their own
 * plugins), which `new Chart(canvas, config)` takes as they are; the instance is at hand for `toBase64Image()`;
 * and an update is just new data and options on the same instance, so bars move as votes arrive.
 */
export function ChartCanvas({ chart, sessionName, describedBy }: ChartCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const instanceRef = useRef<Chart | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const { config } = chart;

  // Made once per chart type (a box plot never turns into bars), destroyed with the canvas.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const instance = new Chart(canvas, config as unknown as ChartConfiguration);
    instanceRef.current = instance;
    return () => {
      instance.destroy();
      instanceRef.current = null;
    };
    // Later configurations are applied by the effect below: only a change of type needs a new chart.
  }, [config.type]);

  useEffect(() => {
    const instance = instanceRef.current;
    if (!instance || instance.config.data === config.data) return;
    instance.data = config.data as ChartConfiguration['data'];
    instance.options = config.options as ChartConfiguration['options'] & object;
    instance.update();
  }, [config]);

  const save = () => {
    const instance = instanceRef.current;
    if (!instance) return;
    try {
      const link = document.createElement('a');
      link.href = instance.toBase64Image('image/png', 1);
      link.download = chartFileName(sessionName, chart.id);
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setSaveError(null);
    } catch (error) {
      setSaveError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <figure className="stats-chart">
      <div className="stats-chart-frame">
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`${chart.title} (chart; the table beside it gives the same figures)`}
          aria-describedby={describedBy}
          data-testid={`chart-${chart.id}`}
          data-chart-id={chart.id}
        />
      </div>
      <figcaption className="stats-chart-actions">
        <button type="button" className="small" onClick={save} aria-label={`Save "${chart.title}" as PNG`}>
          Save PNG
        </button>
        {saveError && (
          <span className="view-problem" role="alert">
            The chart could not be saved: {saveError}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
