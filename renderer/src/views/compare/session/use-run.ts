import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunView } from '../../../../../electron/shared/prompt-sets';
import type { SessionView } from '../../../../../electron/shared/sessions';
import { useApi } from '../../../api/api-context';
import { errorMessage } from '../../models/format';
import type { Conversation } from '../use-conversation';
import { runBlockedReason } from './run-words';
import type { SentSteps } from './use-sent-steps';

export interface RunControls {
  run: RunView | null;
  /** The prompt box shows the run's next step (a run is on, not paused, not over). */
  inRun: boolean;
  paused: boolean;
  togglePause(): void;
  /** This page started the run or sent one of its steps; if not (a restart), Send reads "Resume run (N/M)". */
  live: boolean;
  /** The step sent but not voted is not on screen (after a restart): it waits in History. */
  pendingElsewhere: boolean;
  /** Why the next step cannot be sent now; null when it can. */
  blockedReason: string | null;
  send(): Promise<void>;
  canSkip: boolean;
  skip(): Promise<void>;
  /** Why the last skip failed. */
  problem: string | null;
  /** A run started from the prompt sets dialog. */
  started(runId: string): void;
}

interface RunInput {
  session: SessionView;
  conversation: Conversation;
  /** Why no turn at all can be sent now (read-only, a vote not saved, a model not ready), or null. */
  sessionBlocked: string | null;
  /** The steps this page sent, by comparison id. */
  steps: SentSteps;
  onSessionChanged(session: SessionView): void;
}

/**
 * A prompt set run in the session: which step goes next, sending it as a blind turn, skipping, pausing. After a
 * vote (or skipping the step on screen) the next step is sent at once unless paused; never when the page loads,
 * so a restart shows "Resume run" and waits for the person.
 */
export function useRun({ session, conversation, sessionBlocked, steps, onSessionChanged }: RunInput): RunControls {
  const api = useApi();
  const run = session.run ?? null;
  const [paused, setPaused] = useState(false);
  const [liveRun, setLiveRun] = useState<string | null>(null);
  /** The run turn on screen whose vote (or skip) lets the next step go, as `${comparisonId}:${voteId or "skipped"}`. */
  const [release, setRelease] = useState<{ runId: string; key: string } | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const autoSent = useRef<string | null>(null);

  const { turns } = conversation.state;
  const last = turns.at(-1);
  const lastSent = run ? steps.get(last?.comparisonId) : undefined;
  const lastStep = lastSent?.runId === run?.runId ? lastSent : undefined;
  const pendingOnScreen = run?.pending ? turns.some((turn) => turn.comparisonId === run.pending!.comparisonId) : false;
  const pendingElsewhere = run?.pending != null && !pendingOnScreen;
  const voteId = lastStep && last?.vote ? last.vote.voteId : null;
  // Voted here, and the session's view (which follows sessions.changed) still shows that step as current.
  const catchingUp = voteId !== null && run !== null && (run.pending?.comparisonId === last?.comparisonId || run.next?.step === lastStep?.step.step);
  const blockedReason = runBlockedReason({ run, running: conversation.running, sessionBlocked, unvotedOnScreen: (lastStep !== undefined || pendingOnScreen) && !last?.vote, pendingElsewhere, catchingUp });

  // A pending step on screen that this page did not send (reopened from History after a restart): its record
  // has the category and key points the vote starts from.
  const pendingId = pendingOnScreen && run?.pending && !steps.get(run.pending.comparisonId) ? run.pending.comparisonId : null;
  const { remember } = steps;
  useEffect(() => {
    if (!pendingId) return;
    let live = true;
    api['sessions.comparison']({ sessionId: session.id, comparisonId: pendingId }).then(({ record }) => {
      if (!live || !record.run) return;
      remember(pendingId, { runId: record.run.runId, step: { step: record.run.step, prompt: record.userMessage, category: record.category ?? '', keyPoints: record.keyPoints ?? [], systemPrompt: null } });
    }, () => {});
    return () => {
      live = false;
    };
  }, [api, session.id, pendingId, remember]);

  // A vote on the run's turn on screen releases the next step (once per vote: undo and vote again is another),
  // once this page has sent a step of the run: after a restart the person resumes it first.
  const lastId = last?.comparisonId;
  const runId = run?.runId ?? null;
  useEffect(() => {
    if (voteId && runId && lastId && liveRun === runId) setRelease({ runId, key: `${lastId}:${voteId}` });
  }, [voteId, runId, lastId, liveRun]);

  const send = useCallback(async () => {
    if (!run?.next || blockedReason) return;
    const step = run.next;
    const comparisonId = crypto.randomUUID();
    setLiveRun(run.runId);
    steps.remember(comparisonId, { runId: run.runId, step });
    const { systemPrompt, sampling } = session.settings;
    const result = await conversation.send({ kind: 'run', comparisonId, sessionId: session.id, runId: run.runId, step: step.step, userMessage: step.prompt, systemPrompt: step.systemPrompt ?? systemPrompt, sampling });
    if (result !== 'sent') steps.forget(comparisonId);
  }, [run, blockedReason, session.id, session.settings, conversation, steps]);

  // Sent automatically only once the session's view has moved on past the released turn (blockedReason says so).
  const inRun = run !== null && !paused && (run.next !== null || run.pending !== null);
  useEffect(() => {
    if (!inRun || !release || release.runId !== runId || autoSent.current === release.key || blockedReason) return;
    autoSent.current = release.key;
    void send();
  }, [inRun, release, runId, blockedReason, send]);

  const skipStep = run?.pending?.step ?? run?.next?.step;
  const canSkip = run !== null && skipStep !== undefined && !conversation.running && !skipping && !catchingUp && session.readOnly === null;
  // The step skipped may be the comparison on screen, sent and not voted (the view may not show it pending yet).
  const unvotedHere = lastStep && !last?.vote && lastStep.step.step === skipStep ? last!.comparisonId : null;
  const skippedOnScreen = unvotedHere ?? (pendingOnScreen && run?.pending ? run.pending.comparisonId : null);
  const skip = useCallback(async () => {
    if (!run || skipStep === undefined || !canSkip) return;
    setSkipping(true);
    try {
      onSessionChanged(await api['sessions.skipStep']({ sessionId: session.id, runId: run.runId, step: skipStep }));
      setProblem(null);
      if (skippedOnScreen) {
        // The skipped comparison is no longer the run's to vote on: it leaves the screen (History keeps it).
        conversation.startOver();
        if (liveRun === run.runId) setRelease({ runId: run.runId, key: `${skippedOnScreen}:skipped` });
      }
    } catch (failure) {
      setProblem(errorMessage(failure));
    } finally {
      setSkipping(false);
    }
  }, [api, run, skipStep, canSkip, skippedOnScreen, session.id, onSessionChanged, conversation, liveRun]);

  // Pausing or resuming is not a vote: what was voted or skipped before it does not send the next step.
  const togglePause = useCallback(() => {
    if (release) autoSent.current = release.key;
    setPaused((now) => !now);
  }, [release]);
  // A run started here waits for its first "Send next prompt": the person sees the prompt before it goes.
  const started = useCallback((startedRun: string) => {
    setLiveRun(startedRun);
    setPaused(false);
    setRelease(null);
  }, []);
  return { run, inRun, paused, togglePause, live: run !== null && liveRun === run.runId, pendingElsewhere, blockedReason, send, canSkip, skip, problem, started };
}
