import { useEffect, useId, useRef, useState } from 'react';
import type { SessionView } from '../../../../electron/shared/sessions';
import { PromptSetsDialog } from '../prompt-sets/PromptSetsDialog';
import { CompareNotice, CompareProblem } from './CompareMessages';
import { ConversationThread } from './ConversationThread';
import { isFinished } from './conversation-state';
import { PromptBox } from './PromptBox';
import { RunBar } from './session/RunBar';
import { RunPromptBox } from './session/RunPromptBox';
import { SessionBar } from './session/SessionBar';
import { SessionSettingsForm } from './session/SessionSettingsForm';
import { useRun } from './session/use-run';
import { useSentSteps } from './session/use-sent-steps';
import { useVote } from './session/use-vote';
import { VotePanel } from './session/VotePanel';
import { useCompareKeys } from './use-compare-keys';
import type { Conversation } from './use-conversation';
import { useLatestCallback } from './use-latest-callback';
import { useRefocusWhenDone } from './use-refocus';

interface SessionCompareProps {
  active: boolean;
  session: SessionView;
  conversation: Conversation;
  onLeave(): void;
  onSessionChanged(session: SessionView): void;
}

/**
 * Compare inside a rating session: the service places the models; while blind the view knows them only as A
 * and B. Each prompt is a new comparison (sides drawn afresh) unless "continue this conversation" is ticked.
 * With a prompt set run on (and not paused), the prompt box shows the set's next prompt and sends that instead
 * of what is typed: the person types their own prompts only with the run paused or over, so every comparison
 * sent meanwhile is the run's.
 */
export function SessionCompare({ active, session, conversation, onLeave, onSessionChanged }: SessionCompareProps) {
  const [prompt, setPrompt] = useState('');
  const [continues, setContinues] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [promptSetsOpen, setPromptSetsOpen] = useState(false);
  const [hiddenRun, setHiddenRun] = useState<string | null>(null);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const voteRef = useRef<HTMLDivElement>(null);
  const continueId = useId();
  const { state, running } = conversation;
  const last = state.turns.at(-1);
  const votable = last !== undefined && isFinished(last) && session.readOnly === null;
  const steps = useSentSteps();
  const step = steps.stepOf(last?.comparisonId);
  const vote = useVote(session.id, votable ? last.comparisonId : null, conversation.dispatch, step && { category: step.category, keyPointCount: step.keyPoints.length });
  const voted = last?.vote != null;
  // A vote being saved, or one that failed to save, is not given up by moving on.
  const voteUnsaved = votable && !voted && (vote.saving || vote.error !== null);
  const blockedReason = session.readOnly ? 'This session is read-only here.' : voteUnsaved ? 'Your vote is not saved yet: save it again (its key), or discard it.' : session.notReady;
  const run = useRun({ session, conversation, sessionBlocked: blockedReason, steps, onSessionChanged });
  const keysOn = active && !settingsOpen && !promptSetsOpen;

  const send = useLatestCallback(async () => {
    if (run.inRun) return void (await run.send());
    if (running || !prompt.trim() || blockedReason) return;
    const text = prompt;
    setPrompt('');
    const { systemPrompt, sampling } = session.settings;
    const result = await conversation.send({ kind: 'session', sessionId: session.id, systemPrompt, userMessage: text, sampling, continues: continues && last !== undefined });
    if (result === 'refused') setPrompt((current) => current || text);
  });
  const sendNow = useLatestCallback(() => void send());
  const cancelBoth = useLatestCallback(() => conversation.cancel());
  useCompareKeys(keysOn, { running, send: sendNow, cancel: cancelBoth });
  useRefocusWhenDone(running, promptRef, !votable);
  // Both answers in: the keyboard goes to the vote (1–4, or the scores); once voted, back to the prompt.
  useEffect(() => {
    if (!active) return;
    if (votable && !voted) voteRef.current?.focus();
    else if (votable && voted) promptRef.current?.focus();
  }, [active, votable, voted, last?.comparisonId]);

  const showRun = session.run != null && session.run.runId !== hiddenRun;

  return (
    <>
      <header className="compare-header">
        <h1 id="compare-title">Compare</h1>
        <div className="compare-header-actions">
          <button type="button" disabled={state.turns.length === 0 || running} onClick={() => conversation.startOver()}>
            New conversation
          </button>
        </div>
      </header>
      <SessionBar session={session} settingsOpen={settingsOpen} onSettings={() => setSettingsOpen((open) => !open)} onLeave={onLeave} onPromptSets={() => setPromptSetsOpen(true)} />
      {showRun && <RunBar controls={run} onHide={() => setHiddenRun(session.run?.runId ?? null)} />}
      {settingsOpen && <SessionSettingsForm session={session} onSaved={(view) => { onSessionChanged(view); setSettingsOpen(false); }} onCancel={() => setSettingsOpen(false)} />}
      {promptSetsOpen && (
        <PromptSetsDialog
          session={session}
          onClose={() => setPromptSetsOpen(false)}
          onStarted={(view) => {
            onSessionChanged(view);
            if (view.run) run.started(view.run.runId);
            setPromptSetsOpen(false);
          }}
        />
      )}
      <CompareNotice text={state.notice} />
      <CompareProblem text={state.problem} onDismiss={conversation.dismissProblem} />
      <ConversationThread turns={state.turns} session={session.settings} onCancelSide={conversation.cancel} />
      {votable && (
        <div ref={voteRef} tabIndex={-1} className="vote-focus" data-vote-focus="" role="group" aria-label="Vote on this comparison">
          <VotePanel active={keysOn} session={session} turn={last} vote={vote} keyPoints={step?.keyPoints ?? null} />
        </div>
      )}
      {run.inRun ? (
        <RunPromptBox controls={run} inputRef={promptRef} running={running} onCancel={cancelBoth} />
      ) : (
        <>
          <label className="check continue-check" htmlFor={continueId}>
            <input id={continueId} type="checkbox" checked={continues} disabled={last === undefined} onChange={(event) => setContinues(event.target.checked)} /> Continue this conversation (off: the next prompt is a new comparison, its sides drawn afresh)
          </label>
          <PromptBox
            value={prompt}
            onChange={setPrompt}
            inputRef={promptRef}
            running={running}
            blockedReason={blockedReason}
            notice={null}
            // A prompt set step is not regenerated: the run counts each step once, and its key points go with the first.
            canRegenerate={!running && session.notReady === null && last !== undefined && isFinished(last) && step === null}
            onSend={sendNow}
            onCancel={cancelBoth}
            onRegenerate={conversation.regenerate}
          />
        </>
      )}
    </>
  );
}
