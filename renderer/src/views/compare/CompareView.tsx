import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { SamplingParams } from '../../../../electron/shared/sampling-schema';
import { SIDES, type Side } from '../../../../electron/shared/sides';
import { ConversationThread } from './ConversationThread';
import { MarkdownRenderer } from './markdown';
import { MarkdownContext } from './markdown-context';
import { ModelPicker } from './ModelPicker';
import { PromptBox } from './PromptBox';
import { ReadyModelsNotice } from './ReadyModelsNotice';
import { describeOverrides } from './sampling-form';
import { SettingsDrawer } from './SettingsDrawer';
import { isFinished } from './conversation-state';
import { useCompareKeys } from './use-compare-keys';
import { useConversation } from './use-conversation';
import { useLatestCallback } from './use-latest-callback';
import { useModelChoice } from './use-model-choice';
import { useSamplingDraft } from './use-sampling-draft';
import './compare.css';
import './highlight.css';

interface CompareViewProps {
  /** The view is kept mounted while hidden (a turn keeps streaming); its keys work only while shown. */
  active: boolean;
  /** settings.sampling: the shared sampling until the person edits it here. null while loading. */
  defaultSampling: SamplingParams | null;
  onOpenModels(): void;
}

const DRAWER_ID = 'compare-settings';

/** The same prompt to two models at once, both answers streamed side by side with honest timings under each. */
export function CompareView({ active, defaultSampling, onOpenModels }: CompareViewProps) {
  const [renderer] = useState(() => new MarkdownRenderer());
  useEffect(() => renderer.warmUp(), [renderer]);
  const models = useModelChoice();
  const conversation = useConversation();
  const sampling = useSamplingDraft(defaultSampling);
  const [systemPrompt, setSystemPrompt] = useState('');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [prompt, setPrompt] = useState('');
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const { state, running } = conversation;
  const { left, right } = models.chosen;

  const samplingValid = sampling.parsed.sampling !== null && Object.keys(sampling.parsed.errors).length === 0;
  const blockedReason = sendBlockedReason({ usable: models.usable, samplingValid, defaultsLoaded: defaultSampling !== null || sampling.edited });

  // Stable callbacks: the view re-renders on every streamed frame, and its memoised parts should not.
  const send = useLatestCallback(async () => {
    const shared = sampling.parsed.sampling;
    if (running || blockedReason || !prompt.trim() || !shared || !left || !right) return;
    const text = prompt;
    models.pin();
    setPrompt('');
    const result = await conversation.send({ profileIds: { left, right }, systemPrompt, userMessage: text, sampling: shared, overrides: sampling.parsed.overrides });
    // Refused: the prompt comes back to be sent again. (Busy, a second Ctrl+Enter: it is already on its way.)
    if (result === 'refused') setPrompt((current) => current || text);
  });
  const changeModels = useLatestCallback((change: () => void) => {
    change();
    if (state.turns.length > 0) conversation.startOver('New conversation: the models changed.');
  });
  const chooseModel = useLatestCallback((side: Side, id: string) => changeModels(() => models.choose(side, id)));
  const swapModels = useLatestCallback(() => changeModels(models.swap));
  const sendNow = useLatestCallback(() => void send());
  const cancelBoth = useLatestCallback(() => conversation.cancel());
  useCompareKeys(active, { running, send: sendNow, cancel: cancelBoth });
  useRefocusWhenDone(running, promptRef);

  const last = state.turns.at(-1);
  const { overrides } = sampling.parsed;
  const pendingOverrides = useMemo(() => ({ left: describeOverrides(overrides?.left), right: describeOverrides(overrides?.right) }), [overrides]);
  const overrideCount = SIDES.reduce((n, side) => n + Object.keys(overrides?.[side] ?? {}).length, 0);
  const systemPromptChanged = state.turns.length > 0 && systemPrompt !== state.systemPrompt;
  return (
    <MarkdownContext.Provider value={renderer}>
      <section className="view compare" aria-labelledby="compare-title">
        <header className="compare-header">
          <h1 id="compare-title">Compare</h1>
          <div className="compare-header-actions">
            <button type="button" aria-expanded={drawerOpen} aria-controls={DRAWER_ID} onClick={() => setDrawerOpen((open) => !open)}>
              Sampling &amp; system prompt{overrideCount > 0 ? ` (${overrideCount} per-side ${overrideCount === 1 ? 'override' : 'overrides'})` : ''}
            </button>
            <button type="button" disabled={state.turns.length === 0} onClick={() => conversation.startOver()}>
              New conversation
            </button>
          </div>
        </header>
        {models.loadError && <p className="compare-problem" role="alert">Could not load the models: {models.loadError}</p>}
        {models.options && models.ready.length < 2 && <ReadyModelsNotice ready={models.ready} onOpenModels={onOpenModels} />}
        <ModelPicker
          choice={models}
          disabled={running}
          overrides={pendingOverrides}
          onChoose={chooseModel}
          onSwap={swapModels}
        />
        {drawerOpen && <SettingsDrawer id={DRAWER_ID} systemPrompt={systemPrompt} systemPromptChanged={systemPromptChanged} onSystemPrompt={setSystemPrompt} sampling={sampling} />}
        {state.notice && (
          <p className="compare-notice" role="status">
            {state.notice}
          </p>
        )}
        {state.problem && (
          <div className="compare-problem" role="alert">
            <span>{state.problem}</span>
            <button type="button" className="small quiet" aria-label="Dismiss this message" onClick={conversation.dismissProblem}>
              ×
            </button>
          </div>
        )}
        <ConversationThread turns={state.turns} onCancelSide={conversation.cancel} />
        <PromptBox
          value={prompt}
          onChange={setPrompt}
          inputRef={promptRef}
          running={running}
          blockedReason={blockedReason}
          notice={systemPromptChanged ? 'The system prompt changed: sending starts a new conversation.' : null}
          canRegenerate={!running && models.usable && last !== undefined && isFinished(last)}
          onSend={sendNow}
          onCancel={cancelBoth}
          onRegenerate={conversation.regenerate}
        />
      </section>
    </MarkdownContext.Provider>
  );
}

/** Why nothing can be sent right now (an empty prompt is not worth a message: Send is just disabled). */
function sendBlockedReason(facts: { usable: boolean; samplingValid: boolean; defaultsLoaded: boolean }): string | null {
  if (!facts.usable) return 'Pick two ready models to send.';
  if (!facts.defaultsLoaded) return 'Loading the default sampling from Settings…';
  if (!facts.samplingValid) return 'Fix the sampling field marked in red (Sampling & system prompt).';
  return null;
}

/** The prompt box is disabled while a turn runs, which drops focus; give it back when the turn is over. */
function useRefocusWhenDone(running: boolean, promptRef: RefObject<HTMLTextAreaElement | null>): void {
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running && (document.activeElement === document.body || document.activeElement === null)) promptRef.current?.focus();
    wasRunning.current = running;
  }, [running, promptRef]);
}
