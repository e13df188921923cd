import { useEffect, useRef, useState } from 'react';
import type { ComparisonDetail as Detail, ReopenedConversation, VoteRecord } from '../../../../electron/shared/sessions';
import { SIDES } from '../../../../electron/shared/sides';
import { useApi } from '../../api/api-context';
import { DetailSide } from './DetailSide';
import { errorMessage, formatWhen, verdictLabel } from './history-format';
import { useComparisonDetail } from './use-comparison-detail';
import { VoteSummary } from './VoteSummary';

export type ReopenResult = ReopenedConversation;

interface ComparisonDetailProps {
  sessionId: string;
  comparisonId: string;
  onClose(): void;
  onReopen(result: ReopenResult): void;
}

/** One comparison in full, in a modal dialog: Escape closes it and focus goes back to the list. */
export function ComparisonDetail({ sessionId, comparisonId, onClose, onReopen }: ComparisonDetailProps) {
  const dialog = useModal();
  const state = useComparisonDetail(sessionId, comparisonId);
  return (
    <dialog
      ref={dialog}
      className="history-dialog"
      aria-labelledby="comparison-detail-title"
      onCancel={(event) => {
        // Escape: React decides when the dialog goes away, so its state and the DOM cannot disagree.
        event.preventDefault();
        onClose();
      }}
    >
      <div className="detail-header">
        <h2 id="comparison-detail-title">Comparison</h2>
        {state.kind === 'loaded' && <ReopenButton sessionId={sessionId} comparisonId={comparisonId} onReopen={onReopen} />}
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {state.kind === 'loading' && <p className="muted">Loading the comparison…</p>}
      {state.kind === 'failed' && (
        <p className="view-problem" role="alert">
          The comparison could not be loaded: {state.message}
        </p>
      )}
      {state.kind === 'loaded' && <DetailBody sessionId={sessionId} detail={state.detail} />}
    </dialog>
  );
}

function DetailBody({ sessionId, detail }: { sessionId: string; detail: Detail }) {
  const api = useApi();
  const { record, vote, reveal, servers } = detail;
  // An edit of the notes answers with the vote as it now stands.
  const [edited, setEdited] = useState<VoteRecord | null>(null);
  const shownVote = edited ?? vote;
  const editVote = async (changes: { comment: string; category: string }) => {
    setEdited(await api['sessions.editVote']({ sessionId, comparisonId: record.id, ...changes }));
  };
  return (
    <div className="detail-body">
      <p className="muted">
        Turn {record.turn} · {formatWhen(record.at)} · {verdictLabel(vote?.verdict ?? null)}
        {record.seed !== null && <> · seed {record.seed}</>}
        {record.replaces !== null && <> · a regeneration</>}
      </p>
      <section aria-label="Prompt">
        <h3>Prompt</h3>
        <div className="detail-answer">{record.userMessage}</div>
        {record.history.left.length > 0 && <p className="muted">After {record.history.left.length} earlier messages of this conversation.</p>}
      </section>
      <section aria-label="System prompt">
        <h3>System prompt</h3>
        {record.systemPrompt === '' ? <p className="muted">None.</p> : <div className="detail-answer">{record.systemPrompt}</div>}
      </section>
      <div className="detail-sides">
        {SIDES.map((side) => (
          <DetailSide key={side} side={side} record={record} model={reveal?.sides[side] ?? null} facts={servers?.[side] ?? null} />
        ))}
      </div>
      <section aria-label="Vote">
        <h3>Vote</h3>
        <VoteSummary vote={shownVote} models={reveal?.sides ?? null} onEdit={shownVote ? editVote : undefined} />
      </section>
    </div>
  );
}

/** Loads the conversation into Compare (the service does), then hands it to the app to switch views. */
function ReopenButton({ sessionId, comparisonId, onReopen }: { sessionId: string; comparisonId: string; onReopen(result: ReopenResult): void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const reopen = async () => {
    setBusy(true);
    setProblem(null);
    try {
      onReopen(await api['sessions.reopen']({ sessionId, comparisonId }));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="primary" disabled={busy} onClick={() => void reopen()}>
        Reopen in Compare
      </button>
      {problem && (
        <p className="view-problem" role="alert">
          Could not reopen it: {problem}
        </p>
      )}
    </>
  );
}

/** Shows the dialog as modal on mount and hands focus back to whatever opened it when it goes. */
function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (element && !element.open) element.showModal();
    return () => {
      element?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return ref;
}
