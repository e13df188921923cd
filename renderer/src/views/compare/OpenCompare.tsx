import { useMemo, useRef, useState } from 'react';
import type { SamplingParams } from '../../../../electron/shared/sampling-schema';
import type { CreateSession } from '../../../../electron/shared/sessions';
import { SIDES, type Side } from '../../../../electron/shared/sides';
import { ConversationThread } from './ConversationThread';
import { ModelPicker } from './ModelPicker';
import { PromptBox } from './PromptBox';
import { ReadyModelsNotice } from './ReadyModelsNotice';
import { describeOverrides } from './sampling-form';
import { SettingsDrawer } from './SettingsDrawer';
import { isFinished } from './conversation-state';
import { CompareProblem, CompareNotice } from './CompareMessages';
import { NewSessionForm } from './session/NewSessionForm';
import { ResumeSession } from './session/ResumeSession';
import { useCompareKeys } from './use-compare-keys';
import type { Conversation } from './use-conversation';
import { useLatestCallback } from './use-latest-callback';
import { useModelChoice } from './use-model-choice';
import { useRefocusWhenDone } from './use-refocus';
import { useSamplingDraft } from './use-sampling-draft';

interface OpenCompareProps {
  active: boolean;
  defaultSampling: SamplingParams | null;
  conversation: Conversation;
  sessionError: string | null;
  onOpenModels(): void;
  onCreateSession(input: CreateSession): Promise<boolean>;
  onOpenSession(sessionId: string): Promise<boolean>;
}

const DRAWER_ID = 'compare-settings';

/** Compare outside any session: the person picks both models and sees them; nothing is recorded. */
export function OpenCompare({ active, defaultSampling, conversation, sessionError, onOpenModels, onCreateSession, onOpenSession }: OpenCompareProps) {
  const models = useModelChoice();
  const sampling = useSamplingDraft(defaultSampling);
  const [systemPrompt, setSystemPrompt] = useState('');
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [creating, setCreating] = useState(false);
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
    const result = await conversation.send({ kind: 'open', profileIds: { left, right }, systemPrompt, userMessage: text, sampling: shared, overrides: sampling.parsed.overrides });
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
  useCompareKeys(active && !creating, { running, send: sendNow, cancel: cancelBoth });
  useRefocusWhenDone(running, promptRef);

  const last = state.turns.at(-1);
  const { overrides } = sampling.parsed;
  const pendingOverrides = useMemo(() => ({ left: describeOverrides(overrides?.left), right: describeOverrides(overrides?.right) }), [overrides]);
  const overrideCount = SIDES.reduce((n, side) => n + Object.keys(overrides?.[side] ?? {}).length, 0);
  const systemPromptChanged = state.turns.length > 0 && systemPrompt !== state.systemPrompt;
  const nameOf = (id: string | null) => models.options?.find((option) => option.profileId === id)?.name ?? '';
  const pair = models.usable && left && right ? { left: { id: left, name: nameOf(left) }, right: { id: right, name: nameOf(right) } } : null;
  return (
    <>
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
      <div className="session-bar session-none">
        <span>Outside a rating session: these comparisons are not recorded.</span>
        <button type="button" className="small primary" aria-expanded={creating} onClick={() => setCreating((open) => !open)}>
          New rating session…
        </button>
        <ResumeSession onOpen={onOpenSession} />
      </div>
      {creating && (
        <NewSessionForm
          pair={pair}
          systemPrompt={systemPrompt}
          sampling={samplingValid ? sampling.parsed.sampling : null}
          error={sessionError}
          onCancel={() => setCreating(false)}
          onCreate={(input) => void onCreateSession(input).then((created) => created && setCreating(false))}
        />
      )}
      {models.loadError && <p className="compare-problem" role="alert">Could not load the models: {models.loadError}</p>}
      {models.options && models.ready.length < 2 && <ReadyModelsNotice ready={models.ready} onOpenModels={onOpenModels} />}
      <ModelPicker choice={models} disabled={running} overrides={pendingOverrides} onChoose={chooseModel} onSwap={swapModels} />
      {drawerOpen && <SettingsDrawer id={DRAWER_ID} systemPrompt={systemPrompt} systemPromptChanged={systemPromptChanged} onSystemPrompt={setSystemPrompt} sampling={sampling} />}
      <CompareNotice text={state.notice} />
      <CompareProblem text={state.problem} onDismiss={conversation.dismissProblem} />
      <ConversationThread turns={state.turns} session={null} onCancelSide={conversation.cancel} />
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
    </>
  );
}

/** Why nothing can be sent right now (an empty prompt is not worth a message: Send is just disabled). */
function sendBlockedReason(facts: { usable: boolean; samplingValid: boolean; defaultsLoaded: boolean }): string | null {
  if (!facts.usable) return 'Pick two ready models to send.';
  if (!facts.defaultsLoaded) return 'Loading the default sampling from Settings…';
  if (!facts.samplingValid) return 'Fix the sampling field marked in red (Sampling & system prompt).';
  return null;
}
