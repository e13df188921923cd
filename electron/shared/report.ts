// The study's report (issue 10): where it was written and what it holds.

export type ReportWritten =
  | {
      kind: 'written';
      /** The folder the report is in. */
      folder: string;
      /** File names inside it: report.md, the table as CSV, the chart PNGs. */
      files: string[];
    }
  | { kind: 'cancelled' };

/** The files of a report, by what they are (one place for the names the Markdown links to). */
export const REPORT_FILES = {
  markdown: 'report.md',
  table: 'table.csv',
  winRates: 'win-rates.png',
  latency: 'latency.png',
  scores: 'scores.png',
  categories: 'categories.png',
  position: 'position-bias.png',
  bradleyTerry: 'bradley-terry.png',
} as const;
