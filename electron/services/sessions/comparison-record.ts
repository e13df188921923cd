// A finished run as the session file keeps it: everything that reproduces the comparison (issue 9, Storage).
import type { ChatMessage, Side } from '../../shared/compare';
import { SIDES } from '../../shared/compare';
import type { ComparisonRecord, ModelIndex, RunPlacement } from '../../shared/sessions';
import type { ComparisonRun } from '../compare/comparison-run';

export interface RecordContext {
  conversationId: string;
  mapping: Record<Side, ModelIndex>;
  replaces: string | null;
  blind: boolean;
  equalReveal: boolean;
  systemPrompt: string;
  seed: number | null;
  servers: Record<Side, string>;
  /** A prompt set step: where it stands in its run, its category and key points. */
  prompt?: PromptContext;
}

export interface PromptContext {
  run: RunPlacement;
  category: string;
  keyPoints: string[];
}

export function comparisonRecord(run: ComparisonRun, context: RecordContext, now = new Date()): ComparisonRecord {
  const { snapshot } = run;
  const sides = {} as ComparisonRecord['sides'];
  const history = {} as Record<Side, ChatMessage[]>;
  for (const side of SIDES) {
    const state = snapshot.sides[side];
    if (!state.outcome) throw new Error(`comparison ${snapshot.comparisonId} recorded before its ${side} side was over`);
    sides[side] = { content: state.content, reasoning: state.reasoning, outcome: state.outcome, settings: state.settings };
    history[side] = earlierTurns(run.messages[side]);
  }
  return {
    type: 'comparison',
    at: now.toISOString(),
    startedAt: new Date(snapshot.startedAt).toISOString(),
    id: snapshot.comparisonId,
    conversationId: context.conversationId,
    turn: snapshot.turn,
    replaces: context.replaces,
    mapping: context.mapping,
    firstWritten: run.firstWritten,
    blind: context.blind,
    equalReveal: context.equalReveal,
    systemPrompt: context.systemPrompt,
    userMessage: snapshot.userMessage,
    history,
    seed: context.seed,
    sides,
    servers: context.servers,
    ...(context.prompt && { run: context.prompt.run, category: context.prompt.category, keyPoints: context.prompt.keyPoints }),
  };
}

/** The messages a side was sent, without the system prompt and the new user message (both kept on their own). */
function earlierTurns(messages: ChatMessage[]): ChatMessage[] {
  const withoutSystem = messages[0]?.role === 'system' ? messages.slice(1) : messages;
  return withoutSystem.slice(0, -1);
}

/** What a side was sent, rebuilt from a record: system prompt, its history, the user message. */
export function messagesOf(record: Pick<ComparisonRecord, 'systemPrompt' | 'history' | 'userMessage' | 'sides'>, side: Side): ChatMessage[] {
  const prompt = systemPromptOf(record, side);
  const system: ChatMessage[] = prompt.trim() ? [{ role: 'system', content: prompt }] : [];
  return [...system, ...record.history[side], { role: 'user', content: record.userMessage }];
}

/** The system prompt a side was sent: its own (a variant's), else the comparison's. */
export function systemPromptOf(record: Pick<ComparisonRecord, 'systemPrompt' | 'sides'>, side: Side): string {
  return record.sides[side].settings.systemPrompt ?? record.systemPrompt;
}
