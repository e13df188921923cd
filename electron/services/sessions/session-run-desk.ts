// Running a prompt set through a session (issue 10): starting a run (its prompts copied into the session's file
// with the plan of steps), sending the next step as a blind turn, and skipping one. Where a run stands is never
// kept here: it is read from the session's records (session-runs.ts), so a restart resumes it. The only state is
// the step on its way (sent, not yet recorded), so a double click or a second window cannot send it twice.
import { randomInt, randomUUID } from 'node:crypto';
import type { ComparisonSnapshot, Side } from '../../shared/compare';
import { ServiceError } from '../../shared/errors';
import type { PromptSet, StartRun } from '../../shared/prompt-sets';
import type { ModelIndex, RunRecord, SessionView } from '../../shared/sessions';
import { planRun } from '../prompt-sets/run-plan';
import type { PromptStep, SessionService } from './session-service';
import type { OpenSession } from './session-types';

export interface RunDeskDeps {
  sessions: SessionService;
  promptSet(id: string): Promise<PromptSet>;
}

const SEED_MAX = 2 ** 31 - 1;

export class RunDesk {
  /** Per run, the comparison of the step sent and not yet recorded. */
  private readonly onTheWay = new Map<string, { step: number; comparisonId: string }>();

  constructor(private readonly deps: RunDeskDeps) {}

  async start(input: StartRun): Promise<SessionView> {
    const session = await this.deps.sessions.writable(input.sessionId);
    const set = await this.deps.promptSet(input.promptSetId);
    const seed = randomInt(0, SEED_MAX);
    const plan = planRun(set.items, { categories: input.categories, shuffle: input.shuffle, repeatShare: input.repeatShare, seed });
    // Only the prompts the run uses are copied (a set may hold thousands), renumbered in order of first use.
    const used = [...new Set(plan.map((step) => step.item))];
    const position = new Map(used.map((item, k) => [item, k]));
    const run: RunRecord = {
      type: 'run',
      at: new Date().toISOString(),
      id: randomUUID(),
      promptSetId: set.id,
      name: set.name,
      items: used.map((item) => set.items[item]!),
      steps: plan.map((step) => ({ item: position.get(step.item)!, repeatOf: step.repeatOf })),
      seed,
      repeatShare: input.repeatShare,
    };
    await session.append(run);
    this.deps.sessions.changed(session.id);
    return this.deps.sessions.view(session);
  }

  /** Sends `step` of the session's current run, as a new conversation. */
  async next(input: { sessionId: string; comparisonId: string; runId: string; step: number }): Promise<ComparisonSnapshot> {
    const session = await this.deps.sessions.writable(input.sessionId);
    const run = this.currentRun(session, input.runId);
    this.checkNext(session, run, input.step);
    const step = run.steps[input.step]!;
    const item = run.items[step.item]!;
    const original = step.repeatOf === null ? null : this.originalOf(session, run, step.repeatOf);
    const prompt: PromptStep = {
      prompt: { run: { runId: run.id, step: input.step, itemId: item.id, repeatOf: original?.comparisonId ?? null }, category: item.category, keyPoints: item.keyPoints },
      systemPrompt: item.systemPrompt,
      mapping: original ? { left: original.mapping.right, right: original.mapping.left } : null,
    };
    const onTheWay = { step: input.step, comparisonId: input.comparisonId };
    this.onTheWay.set(run.id, onTheWay);
    try {
      return await this.deps.sessions.send(session, { sessionId: session.id, comparisonId: input.comparisonId, conversationId: null, userMessage: item.prompt }, prompt);
    } catch (error) {
      if (this.onTheWay.get(run.id) === onTheWay) this.onTheWay.delete(run.id);
      throw error;
    }
  }

  async skip(input: { sessionId: string; runId: string; step: number }): Promise<SessionView> {
    const session = await this.deps.sessions.writable(input.sessionId);
    const run = this.currentRun(session, input.runId);
    if (input.step >= run.steps.length) throw new ServiceError('invalid-request', `This run has ${run.steps.length} prompts: there is no prompt ${input.step + 1}.`);
    const state = session.index.runs.stepState(run, input.step, (i) => session.index.votedAt(i));
    if (state.kind === 'voted') throw new ServiceError('conflict', 'That prompt has a vote already: undo the vote first to skip it.');
    if (state.kind === 'skipped') return this.deps.sessions.view(session);
    if (this.isOnTheWay(session, run.id, input.step)) throw new ServiceError('conflict', 'That prompt’s answers are still coming: wait for them (or cancel), then skip.');
    await session.append({ type: 'skip', at: new Date().toISOString(), runId: run.id, step: input.step });
    this.deps.sessions.changed(session.id);
    return this.deps.sessions.view(session);
  }

  private currentRun(session: OpenSession, runId: string): RunRecord {
    const run = session.index.runs.latest;
    if (!run || run.id !== runId) throw new ServiceError('conflict', 'That prompt set run is no longer the session’s current one: reload the session.');
    return run;
  }

  /** Refuses a step that is not the one to send now, with what to do instead. */
  private checkNext(session: OpenSession, run: RunRecord, step: number): void {
    if (this.isOnTheWay(session, run.id)) throw new ServiceError('conflict', 'The previous prompt’s answers are still coming: vote on them before the next prompt.');
    const view = session.index.runs.view((i) => session.index.votedAt(i), (i) => session.index.idAt(i))!;
    if (view.pending) throw new ServiceError('conflict', `Prompt ${view.pending.step + 1} was sent and has no vote yet: vote on it (or skip it) first.`);
    if (!view.next) throw new ServiceError('conflict', 'This prompt set run is over: every prompt has a vote or was skipped.');
    if (view.next.step !== step) throw new ServiceError('conflict', `This run has moved on (another window?): the next prompt is ${view.next.step + 1} of ${view.total}.`);
  }

  /** A step sent from this process whose comparison is not recorded yet (recording takes it out of the way). */
  private isOnTheWay(session: OpenSession, runId: string, step?: number): boolean {
    const sent = this.onTheWay.get(runId);
    if (!sent) return false;
    if (session.hasComparison(sent.comparisonId)) {
      this.onTheWay.delete(runId);
      return false;
    }
    return step === undefined || sent.step === step;
  }

  /** The comparison a hidden repeat repeats: the original step's latest comparison and its sides. */
  private originalOf(session: OpenSession, run: RunRecord, step: number): { comparisonId: string; mapping: Record<Side, ModelIndex> } {
    const state = session.index.runs.stepState(run, step, (i) => session.index.votedAt(i));
    if (state.kind !== 'voted' && state.kind !== 'sent') throw new Error(`step ${step} of run ${run.id} was repeated before it ran`);
    // The comparison that was voted (a regeneration after the vote is not what the rater judged).
    const i = state.comparisons.filter((c) => session.index.votedAt(c)).at(-1) ?? state.comparisons.at(-1)!;
    return { comparisonId: session.index.idAt(i), mapping: { left: session.index.modelOn(i, 'left'), right: session.index.modelOn(i, 'right') } };
  }
}
