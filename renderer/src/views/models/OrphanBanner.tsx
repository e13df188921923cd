import { useEffect, useState } from 'react';
import type { OrphanServer } from '../../../../electron/shared/system';
import { useApi } from '../../api/api-context';
import { errorMessage, formatDateTime } from './format';

/**
 * Servers an earlier Pairwise left running (it was killed) still hold GPU memory. Offered for stopping once,
 * on opening the view; the service only ever stops groups its own registry lists.
 */
export function OrphanBanner() {
  const api = useApi();
  const [orphans, setOrphans] = useState<OrphanServer[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api['engines.orphans']({}).then((found) => !cancelled && setOrphans(found), () => {});
    return () => {
      cancelled = true;
    };
  }, [api]);

  if (orphans.length === 0 && !outcome) return null;
  if (orphans.length === 0) {
    return (
      <div className="banner" role="status">
        <span>{outcome}</span>
        <button type="button" className="small quiet" onClick={() => setOutcome(null)}>
          OK
        </button>
      </div>
    );
  }

  const stopAll = async () => {
    setBusy(true);
    try {
      const result = await api['engines.stopOrphans']({ pgids: orphans.map((o) => o.pgid) });
      const failed = result.failed.map((f) => f.message).join(' ');
      setOutcome(`Stopped ${result.stopped.length} of ${orphans.length}.${failed ? ` ${failed}` : ''}`);
      setOrphans((current) => current.filter((o) => !result.stopped.includes(o.pgid)));
    } catch (error) {
      setOutcome(`Could not stop them: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="banner banner-warning" aria-label="Servers left running">
      <p>
        <strong>{orphans.length === 1 ? 'A server' : `${orphans.length} servers`} from an earlier session {orphans.length === 1 ? 'is' : 'are'} still running</strong> and
        holding GPU memory:
      </p>
      <ul className="plain-list">
        {orphans.map((orphan) => (
          <li key={orphan.pgid}>
            {orphan.profileName} — port {orphan.port}, process group {orphan.pgid}, started {formatDateTime(orphan.startedAt)}
          </li>
        ))}
      </ul>
      {outcome && <p role="status">{outcome}</p>}
      <div className="button-row">
        <button type="button" className="danger" disabled={busy} onClick={() => void stopAll()}>
          {busy ? 'Stopping…' : 'Stop them'}
        </button>
        <button type="button" className="quiet" disabled={busy} onClick={() => setOrphans([])}>
          Leave running
        </button>
      </div>
    </section>
  );
}
