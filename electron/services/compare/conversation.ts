import { randomUUID } from 'node:crypto';
import type { ChatMessage, SamplingParams, Side } from '../../shared/compare';
import type { ModelIndex } from '../../shared/sessions';

export interface TurnRecord {
  comparisonId: string;
  userMessage: string;
  /** What each side answered (partial when it failed or was cancelled). */
  answers: Record<Side, string>;
}

/**
 * A multi-turn exchange with two models. Each side keeps its own history — its own earlier answers — so
 * turn two asks each model to continue what it said, not what the other said.
 */
/** A conversation inside a rating session: which session, and which of its models is on which side. */
export interface SessionPlacement {
  sessionId: string;
  /** The conversation's id, made when it was placed (the balance counts it from then on). */
  conversationId: string;
  mapping: Record<Side, ModelIndex>;
  /** A vote revealed the sides: the conversation's later turns are no longer blind. */
  revealed: boolean;
}

export class Conversation {
  readonly id: string;
  private readonly turns: TurnRecord[];

  constructor(
    readonly profileIds: Record<Side, string>,
    readonly systemPrompt: string,
    readonly session: SessionPlacement | null = null,
    /** Reopening a recorded conversation: its id and its turns so far. */
    restored?: { id: string; turns: TurnRecord[] },
    /** Per side, a system prompt of its own (a variant session's), in place of the shared one. */
    private readonly sidePrompts: Partial<Record<Side, string>> = {},
  ) {
    this.id = restored?.id ?? session?.conversationId ?? randomUUID();
    this.turns = restored ? [...restored.turns] : [];
  }

  get turnCount(): number {
    return this.turns.length;
  }

  get lastTurn(): TurnRecord | undefined {
    return this.turns.at(-1);
  }

  /** The messages for a new turn on one side: system prompt, that side's history, the new user message. */
  messagesFor(side: Side, userMessage: string, upToTurn = this.turns.length): ChatMessage[] {
    const system = this.systemPromptOf(side);
    const messages: ChatMessage[] = system.trim() ? [{ role: 'system', content: system }] : [];
    for (const turn of this.turns.slice(0, upToTurn)) {
      messages.push({ role: 'user', content: turn.userMessage }, { role: 'assistant', content: turn.answers[side] });
    }
    messages.push({ role: 'user', content: userMessage });
    return messages;
  }

  /** The system prompt this side is sent. */
  systemPromptOf(side: Side): string {
    return this.sidePrompts[side] ?? this.systemPrompt;
  }

  addTurn(turn: TurnRecord): void {
    this.turns.push(turn);
  }

  /** Regenerate: the last turn is replaced, on both sides at once. */
  replaceLastTurn(turn: TurnRecord): void {
    this.turns[this.turns.length - 1] = turn;
  }

  matches(profileIds: Record<Side, string>, systemPrompt: string): boolean {
    return this.profileIds.left === profileIds.left && this.profileIds.right === profileIds.right && this.systemPrompt === systemPrompt;
  }
}

export function effectiveSampling(shared: SamplingParams, override: Partial<SamplingParams> | undefined): { sampling: SamplingParams; overridden: (keyof SamplingParams)[] } {
  const sampling = { ...shared, ...Object.fromEntries(Object.entries(override ?? {}).filter(([, v]) => v !== undefined)) } as SamplingParams;
  const overridden = (Object.keys(shared) as (keyof SamplingParams)[]).filter((key) => sampling[key] !== shared[key]);
  return { sampling, overridden };
}
