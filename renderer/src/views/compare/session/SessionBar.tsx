import { memo } from 'react';
import type { SessionView } from '../../../../../electron/shared/sessions';

interface SessionBarProps {
  session: SessionView;
  onLeave(): void;
  onSettings(): void;
  settingsOpen: boolean;
  onPromptSets(): void;
}

/** The current rating session, in one line: what it is, how far it got, and why a turn cannot be sent now. */
export const SessionBar = memo(function SessionBar({ session, onLeave, onSettings, settingsOpen, onPromptSets }: SessionBarProps) {
  const { settings } = session;
  const mode = settings.blind ? `blind${settings.equalReveal ? ' · equal reveal' : ''}` : 'names shown';
  return (
    <section className="session-bar" aria-label="Rating session">
      <div className="session-facts">
        <span className="session-name">{session.name}</span>
        <span className="session-mode">{mode}</span>
        <span className="session-counts" aria-label="Progress">
          {session.comparisons} {session.comparisons === 1 ? 'comparison' : 'comparisons'} · {session.votes} {session.votes === 1 ? 'vote' : 'votes'}
        </span>
        {session.models ? (
          <span className="session-models">{session.models.join(' vs ')}</span>
        ) : (
          <span className="session-models">Models hidden until you vote</span>
        )}
        {/* How many take part is no secret (the draw of pairs is not): only who is on which side is. */}
        {(session.variants || session.modelCount > 2) && <span className="session-mode">{drawWords(session)}</span>}
        <span className="session-actions">
          <button type="button" className="small" aria-haspopup="dialog" onClick={onPromptSets}>
            Run a prompt set…
          </button>
          <button type="button" className="small" aria-expanded={settingsOpen} onClick={onSettings}>
            Session settings
          </button>
          <button type="button" className="small" onClick={onLeave}>
            Leave session
          </button>
        </span>
      </div>
      {session.readOnly && (
        <p className="compare-problem" role="alert">
          <span>{session.readOnly}</span>
        </p>
      )}
      {session.notReady && (
        <p className="compare-notice" role="status">
          {session.notReady}
        </p>
      )}
      {session.notices.map((notice) => (
        <p key={notice} className="compare-notice" role="status">
          {notice}
        </p>
      ))}
    </section>
  );
});

function drawWords(session: SessionView): string {
  const what = session.variants ? `${session.modelCount} variants of one model` : `${session.modelCount} models`;
  return session.modelCount > 2 ? `${what}, a balanced pair each turn` : what;
}
