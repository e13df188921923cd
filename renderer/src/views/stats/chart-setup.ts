// chart.js is tree-shaken: only what the stats charts use is registered (stats-charts.ts lists it), once, on
// first import. The configurations bring their own two plugins (background, intervals).
import { BoxAndWiskers, BoxPlotController } from '@sgratzl/chartjs-chart-boxplot';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title, Tooltip, BoxPlotController, BoxAndWiskers);

export { Chart };
