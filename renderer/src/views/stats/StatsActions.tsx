import { useState } from 'react';
import type { ReportWritten } from '../../../../electron/shared/report';
import { useApi } from '../../api/api-context';
import { deliver } from '../history/ExportMenu';
import { errorMessage } from '../history/history-format';

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; what: 'csv' | 'report' }
  | { kind: 'saved'; path: string }
  | { kind: 'downloading'; filename: string }
  | { kind: 'report'; report: Extract<ReportWritten, { kind: 'written' }> }
  | { kind: 'failed'; message: string };

/** The session's stats as CSV (export.save, delivered as History delivers its exports) and the study's report. */
export function StatsActions({ sessionId }: { sessionId: string }) {
  const api = useApi();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const exportCsv = async () => {
    setStatus({ kind: 'busy', what: 'csv' });
    try {
      const delivery = await api['export.save']({ format: 'stats', sessionId });
      const outcome = deliver(delivery);
      if (outcome.kind === 'saved') setStatus({ kind: 'saved', path: outcome.path });
      else if (delivery.kind === 'download') setStatus({ kind: 'downloading', filename: delivery.filename });
      else setStatus({ kind: 'idle' });
    } catch (error) {
      setStatus({ kind: 'failed', message: `The stats CSV could not be exported: ${errorMessage(error)}` });
    }
  };
  const writeReport = async () => {
    setStatus({ kind: 'busy', what: 'report' });
    try {
      const written = await api['report.write']({ sessionId });
      setStatus(written.kind === 'written' ? { kind: 'report', report: written } : { kind: 'idle' });
    } catch (error) {
      setStatus({ kind: 'failed', message: `The report could not be written: ${errorMessage(error)}` });
    }
  };

  const busy = status.kind === 'busy';
  return (
    <div className="stats-actions" role="group" aria-label="Export">
      <button type="button" disabled={busy} onClick={() => void exportCsv()}>
        {busy && status.what === 'csv' ? 'Exporting…' : 'Export stats CSV'}
      </button>
      <button type="button" disabled={busy} onClick={() => void writeReport()}>
        {busy && status.what === 'report' ? 'Writing the report…' : 'Write report'}
      </button>
      <StatusLine status={status} />
    </div>
  );
}

function StatusLine({ status }: { status: Status }) {
  if (status.kind === 'saved') {
    return (
      <p className="stats-status" role="status">
        Saved to <span className="stats-mono">{status.path}</span>
      </p>
    );
  }
  if (status.kind === 'downloading') {
    return (
      <p className="stats-status" role="status">
        Downloading <span className="stats-mono">{status.filename}</span>
      </p>
    );
  }
  if (status.kind === 'report') {
    const { folder, files } = status.report;
    return (
      <div className="stats-status" role="status" data-testid="report-written">
        <p>
          Report written to <span className="stats-mono">{folder}</span>
        </p>
        <ul aria-label="Report files">
          {files.map((file) => (
            <li key={file} className="stats-mono">
              {file}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (status.kind === 'failed') {
    return (
      <p className="view-problem" role="alert">
        {status.message}
      </p>
    );
  }
  return null;
}
