// The view's one-line messages: why a new conversation began, and why a request was refused.

export function CompareNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="compare-notice" role="status">
      {text}
    </p>
  );
}

export function CompareProblem({ text, onDismiss }: { text: string | null; onDismiss(): void }) {
  if (!text) return null;
  return (
    <div className="compare-problem" role="alert">
      <span>{text}</span>
      <button type="button" className="small quiet" aria-label="Dismiss this message" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
