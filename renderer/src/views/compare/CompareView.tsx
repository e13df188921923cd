import { useEffect, useRef, useState } from 'react';
import type { SamplingParams } from '../../../../electron/shared/sampling-schema';
import type { ReopenedConversation, SessionView } from '../../../../electron/shared/sessions';
import { useApi } from '../../api/api-context';
import { MarkdownRenderer } from './markdown';
import { MarkdownContext } from './markdown-context';
import { OpenCompare } from './OpenCompare';
import { SessionCompare } from './SessionCompare';
import { useConversation } from './use-conversation';
import { useSession } from './session/use-session';
import './compare.css';
import './highlight.css';
import './session/session.css';

/** A conversation reopened from History, handed to Compare to go on with it. */
export type ReopenRequest = ReopenedConversation;

interface CompareViewProps {
  /** The view is kept mounted while hidden (a turn keeps streaming); its keys work only while shown. */
  active: boolean;
  /** settings.sampling: the shared sampling until the person edits it here. null while loading. */
  defaultSampling: SamplingParams | null;
  /** Set by History's "Reopen in Compare"; each new object is one reopening. */
  reopen: ReopenRequest | null;
  onOpenModels(): void;
}

/**
 * The same prompt to two models at once, both answers streamed side by side with honest timings under each:
 * outside a session (the person picks and sees both models), or in a rating session (the service places them,
 * blind until the vote).
 */
export function CompareView({ active, defaultSampling, reopen, onOpenModels }: CompareViewProps) {
  const [renderer] = useState(() => new MarkdownRenderer());
  useEffect(() => renderer.warmUp(), [renderer]);
  const conversation = useConversation();
  const session = useSession();
  useRevealEvents(conversation.dispatch);
  useReopen(reopen, conversation, session.show);

  // Into, out of or between sessions: the thread on screen belongs to what was left, and is cleared.
  const sessionId = session.session?.id ?? null;
  const { startOver } = conversation;
  const shownSession = conversation.state.sessionId;
  useEffect(() => {
    if (session.session !== undefined && shownSession !== sessionId) startOver(null, sessionId);
  }, [session.session, sessionId, shownSession, startOver]);

  return (
    <MarkdownContext.Provider value={renderer}>
      <section className="view compare" aria-labelledby="compare-title">
        {session.session === undefined ? (
          <h1 id="compare-title">Compare</h1>
        ) : session.session ? (
          <SessionCompare active={active} session={session.session} conversation={conversation} onLeave={() => void session.leave()} onSessionChanged={session.show} />
        ) : (
          <OpenCompare
            active={active}
            defaultSampling={defaultSampling}
            conversation={conversation}
            sessionError={session.error}
            onOpenModels={onOpenModels}
            onCreateSession={session.create}
            onOpenSession={session.open}
          />
        )}
      </section>
    </MarkdownContext.Provider>
  );
}

/** A vote saved (here or in another window) names the sides of its turn. */
function useRevealEvents(dispatch: ReturnType<typeof useConversation>['dispatch']): void {
  const api = useApi();
  useEffect(() => api.on('sessions.revealed', (reveal) => dispatch({ type: 'revealed', reveal })), [api, dispatch]);
}

function useReopen(reopen: ReopenRequest | null, conversation: ReturnType<typeof useConversation>, show: (session: SessionView) => void): void {
  const handled = useRef<ReopenRequest | null>(null);
  const { restore } = conversation;
  useEffect(() => {
    if (!reopen || handled.current === reopen) return;
    handled.current = reopen;
    restore(reopen.session.id, reopen.turns, reopen.votes);
    show(reopen.session);
  }, [reopen, restore, show]);
}
