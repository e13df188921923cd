// Prompt set runs inside a session (issue 10): which runs began, which steps were skipped, and which comparisons
// ran which step, with each prompt's category and key points. Part of the session index (session-index.ts feeds
// it), so a run's progress is derived from the file alone and resumes after a restart. Pure.
import type { RunView } from '../../shared/prompt-sets';
import type { ComparisonRecord, RunPlacement, RunRecord, SkipRecord } from '../../shared/sessions';

/** What a comparison brought from its prompt set, beside the index's columns. */
export interface PromptFacts {
  run: RunPlacement | null;
  category: string;
  keyPoints: number;
}

export interface RunLedgerSnapshot {
  runs: RunRecord[];
  skips: [runId: string, step: number][];
  prompts: [comparison: number, facts: PromptFacts][];
}

export type StepState = { kind: 'open' } | { kind: 'skipped' } | { kind: 'sent'; comparisons: number[] } | { kind: 'voted'; comparisons: number[] };

export class RunLedger {
  private readonly runs = new Map<string, RunRecord>();
  private latestRun: RunRecord | null = null;
  private readonly skips = new Map<string, Set<number>>();
  /** Per run, per step, the comparisons that ran it (a regeneration runs it again). */
  private readonly stepComparisons = new Map<string, Map<number, number[]>>();
  private readonly prompts = new Map<number, PromptFacts>();

  addRun(record: RunRecord): void {
    this.runs.set(record.id, record);
    this.latestRun = record;
  }

  addSkip(record: SkipRecord): void {
    let steps = this.skips.get(record.runId);
    if (!steps) this.skips.set(record.runId, (steps = new Set()));
    steps.add(record.step);
  }

  /** A comparison just indexed as number `i`: remember what it brought from its prompt set, if anything. */
  addComparison(i: number, record: Pick<ComparisonRecord, 'run' | 'category' | 'keyPoints'>): void {
    const run = record.run ?? null;
    if (run === null && record.category === undefined && record.keyPoints === undefined) return;
    this.prompts.set(i, { run, category: record.category ?? '', keyPoints: record.keyPoints?.length ?? 0 });
    if (run === null) return;
    let steps = this.stepComparisons.get(run.runId);
    if (!steps) this.stepComparisons.set(run.runId, (steps = new Map()));
    steps.set(run.step, [...(steps.get(run.step) ?? []), i]);
  }

  promptFacts(i: number): PromptFacts | null {
    return this.prompts.get(i) ?? null;
  }

  run(runId: string): RunRecord | null {
    return this.runs.get(runId) ?? null;
  }

  get latest(): RunRecord | null {
    return this.latestRun;
  }

  /** Where a step stands; `voted(i)` says whether comparison i has an effective vote. */
  stepState(run: RunRecord, step: number, voted: (i: number) => boolean): StepState {
    if (this.skips.get(run.id)?.has(step)) return { kind: 'skipped' };
    const comparisons = this.stepComparisons.get(run.id)?.get(step) ?? [];
    if (comparisons.length === 0) {
      // A repeat of a prompt that was passed over has nothing to repeat: it is passed over too.
      const original = run.steps[step]?.repeatOf ?? null;
      if (original !== null && this.stepState(run, original, voted).kind === 'skipped') return { kind: 'skipped' };
      return { kind: 'open' };
    }
    return comparisons.some(voted) ? { kind: 'voted', comparisons } : { kind: 'sent', comparisons };
  }

  /** The latest run as Compare shows it (the comparison ids of pending steps from `idOf`). */
  view(voted: (i: number) => boolean, idOf: (i: number) => string): RunView | null {
    const run = this.latestRun;
    if (!run) return null;
    let votedCount = 0;
    let skipped = 0;
    let next: number | null = null;
    let pending: RunView['pending'] = null;
    for (let step = 0; step < run.steps.length; step += 1) {
      const state = this.stepState(run, step, voted);
      if (state.kind === 'voted') votedCount += 1;
      else if (state.kind === 'skipped') skipped += 1;
      else if (state.kind === 'sent') pending ??= { step, comparisonId: idOf(state.comparisons.at(-1)!) };
      else next ??= step;
    }
    return { runId: run.id, name: run.name, total: run.steps.length, voted: votedCount, skipped, next: next === null ? null : stepView(run, next), pending };
  }

  snapshot(): RunLedgerSnapshot {
    const skips: [string, number][] = [];
    for (const [runId, steps] of this.skips) for (const step of steps) skips.push([runId, step]);
    return { runs: [...this.runs.values()], skips, prompts: [...this.prompts.entries()] };
  }

  restore(snapshot: RunLedgerSnapshot): void {
    for (const run of snapshot.runs) this.addRun(run);
    for (const [runId, step] of snapshot.skips) this.addSkip({ type: 'skip', at: '', runId, step });
    for (const [i, facts] of snapshot.prompts) this.addComparison(i, { run: facts.run, category: facts.category, keyPoints: new Array<string>(facts.keyPoints).fill('') });
  }
}

/** A step as the page may see it: the prompt and its checklist, nothing that says whether it repeats another. */
export function stepView(run: RunRecord, step: number): RunView['next'] {
  const item = run.items[run.steps[step]!.item]!;
  return { step, prompt: item.prompt, category: item.category, keyPoints: item.keyPoints, systemPrompt: item.systemPrompt };
}
