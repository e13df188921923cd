import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../electron/shared/session-values';
import type { ExportDelivery } from '../../../../electron/shared/sessions';
import { useApi } from '../../api/api-context';
import { errorMessage } from './history-format';

const FORMAT_LABELS: Record<ExportFormat, string> = { csv: 'CSV', jsonl: 'JSONL (lossless)', battles: 'Battles (Chatbot Arena)', stats: 'Statistics summary (CSV)' };

type Outcome = { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; path: string } | { kind: 'failed'; message: string };

/**
 * Export one session (the one shown) or all of them. Electron answers after its save dialog; the headless host
 * answers with a same-origin link, which is followed here so the browser downloads the streamed file.
 */
export function ExportMenu({ sessionId }: { sessionId: string | null }) {
  const api = useApi();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const exportTo = async (scope: string | null) => {
    setOutcome({ kind: 'busy' });
    try {
      setOutcome(deliver(await api['export.save']({ format, sessionId: scope })));
    } catch (error) {
      setOutcome({ kind: 'failed', message: errorMessage(error) });
    }
  };
  const busy = outcome.kind === 'busy';
  return (
    <div className="export-menu" role="group" aria-label="Export">
      <label className="filter">
        Export as
        <select value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={busy || sessionId === null} onClick={() => void exportTo(sessionId)}>
        Export this session
      </button>
      <button type="button" disabled={busy} onClick={() => void exportTo(null)}>
        Export all sessions
      </button>
      {outcome.kind === 'saved' && (
        <span className="export-status" role="status">
          Saved to <span className="mono">{outcome.path}</span>
        </span>
      )}
      {outcome.kind === 'failed' && (
        <span className="view-problem" role="alert">
          Export failed: {outcome.message}
        </span>
      )}
    </div>
  );
}

/** Acts on the service's answer; a cancelled save dialog leaves nothing to say. */
export function deliver(delivery: ExportDelivery): Outcome {
  if (delivery.kind === 'saved') return { kind: 'saved', path: delivery.path };
  if (delivery.kind === 'download') {
    const link = document.createElement('a');
    link.href = delivery.url;
    link.download = delivery.filename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
  }
  return { kind: 'idle' };
}
