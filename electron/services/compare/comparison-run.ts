import type { ChatMessage, ComparisonSnapshot, Side, SideOutcome, SideSettings } from '../../shared/compare';
import { SIDES } from '../../shared/compare';
import type { EngineConnection } from '../engines/engine';
import { prepareChatStream, type ChatStreamResult, type PreparedChatStream } from '../inference/chat-stream';
import { readServerTtft, serverTtftDeltaMs } from '../inference/server-metrics';
import type { Conversation, TurnRecord } from './conversation';
import { DeltaRelay } from './delta-relay';
import type { TurnPublisher } from './turn-publisher';
import type { ServerFacts } from '../../shared/sessions';

export interface SidePlan {
  connection: EngineConnection;
  settings: SideSettings;
}

export interface RunOptions {
  /** Made by the renderer (it shows the turn before the reply), checked unique by the service. */
  comparisonId: string;
  sessionId: string | null;
  conversation: Conversation;
  turn: number;
  userMessage: string;
  sides: Record<Side, SidePlan>;
  /** Every delta and outcome leaves through it: it applies the blind and equal-reveal rules. */
  publisher: TurnPublisher;
  /** Called once both sides have an outcome, before the last "finished" event goes out: a listener that reacts
   *  to that event by sending the next turn must find this turn already in the conversation. */
  onComplete(turn: TurnRecord, run: ComparisonRun): void;
  /** Which side's request is written first: random, so neither model is systematically favoured. */
  random(): number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
}

/** One turn sent to both servers: prepared first, started in the same tick, streamed, timed, finished per side. */
export class ComparisonRun {
  readonly comparisonId: string;
  readonly snapshot: ComparisonSnapshot;
  /** What each side was sent: system prompt, its own earlier turns, the new message. */
  readonly messages: Record<Side, ChatMessage[]>;
  /** The side whose request body was written first. */
  firstWritten: Side = 'left';
  private readonly relay: DeltaRelay;
  private readonly streams = {} as Record<Side, PreparedChatStream>;
  /** Cancels asked for before the streams exist (while /metrics is read): applied as soon as they do. */
  private readonly cancelRequested = new Set<Side>();
  readonly finished: Promise<void>;

  constructor(private readonly options: RunOptions) {
    this.comparisonId = options.comparisonId;
    this.relay = new DeltaRelay(this.comparisonId, (delta) => options.publisher.delta(delta));
    const { conversation, userMessage, turn } = options;
    this.messages = { left: conversation.messagesFor('left', userMessage, turn - 1), right: conversation.messagesFor('right', userMessage, turn - 1) };
    this.snapshot = {
      comparisonId: this.comparisonId,
      sessionId: options.sessionId,
      reveal: null,
      conversationId: options.conversation.id,
      turn: options.turn,
      userMessage: options.userMessage,
      startedAt: Date.now(),
      sides: {
        left: { content: '', reasoning: '', outcome: null, settings: options.sides.left.settings },
        right: { content: '', reasoning: '', outcome: null, settings: options.sides.right.settings },
      },
    };
    this.finished = this.run();
  }

  get running(): boolean {
    return SIDES.some((side) => this.snapshot.sides[side].outcome === null);
  }

  cancel(side?: Side): void {
    for (const s of side ? [side] : SIDES) {
      if (this.snapshot.sides[s].outcome !== null) continue;
      this.cancelRequested.add(s);
      this.streams[s]?.cancel();
    }
  }

  private async run(): Promise<void> {
    const { sides } = this.options;
    const metricsBefore = await Promise.all(SIDES.map((side) => metricsOf(sides[side].connection)));
    for (const side of SIDES) {
      const { connection, settings } = sides[side];
      this.streams[side] = prepareChatStream({
        baseUrl: connection.baseUrl,
        apiKey: connection.apiKey,
        body: {
          model: connection.servedName,
          messages: this.messages[side],
          max_tokens: settings.sampling.maxTokens,
          temperature: settings.sampling.temperature,
          top_p: settings.sampling.topP,
          ...(settings.sampling.seed !== null ? { seed: settings.sampling.seed } : {}),
        },
        idleTimeoutMs: this.options.idleTimeoutMs,
        connectTimeoutMs: this.options.connectTimeoutMs,
        onDelta: ({ content, reasoning }) => this.onDelta(side, content, reasoning),
      });
      if (this.cancelRequested.has(side)) this.streams[side].cancel(); // nothing will be written for it
    }
    // Both sockets connected, nothing written yet: now both requests go out in the same tick.
    await Promise.allSettled(SIDES.map((side) => this.streams[side].connected));
    const order: Side[] = this.options.random() < 0.5 ? ['left', 'right'] : ['right', 'left'];
    this.firstWritten = order[0]!;
    const results = {} as Record<Side, Promise<ChatStreamResult>>;
    for (const side of order) results[side] = this.streams[side].start();
    await Promise.all(SIDES.map((side, i) => results[side].then((result) => this.finishSide(side, result, metricsBefore[i] ?? null))));
  }

  private onDelta(side: Side, content: string, reasoning: string): void {
    const state = this.snapshot.sides[side];
    state.content += content;
    state.reasoning += reasoning;
    this.relay.push(side, content, reasoning);
  }

  private async finishSide(side: Side, result: ChatStreamResult, before: MetricsReading | null): Promise<void> {
    this.relay.flush(side);
    const timings = { ...result.timings };
    if (result.outcome === 'done' && before) {
      const after = await metricsOf(this.options.sides[side].connection);
      timings.serverTtftMs = after ? serverTtftDeltaMs(before, after) : null;
    }
    const outcome: SideOutcome =
      result.outcome === 'done' ? { kind: 'done', finishReason: result.finishReason, timings }
      : result.outcome === 'cancelled' ? { kind: 'cancelled', timings }
      : { kind: 'error', error: result.error!, timings };
    this.snapshot.sides[side].outcome = outcome;
    const bothOver = !this.running;
    if (bothOver) {
      const { left, right } = this.snapshot.sides;
      this.options.onComplete({ comparisonId: this.comparisonId, userMessage: this.options.userMessage, answers: { left: left.content, right: right.content } }, this);
    }
    this.options.publisher.finished(side, outcome, bothOver);
  }

  /** The snapshot as the renderer may see it now (blind and equal-reveal rules applied). */
  view(): ComparisonSnapshot {
    return this.options.publisher.view(this.snapshot);
  }

  /** The system prompt the conversation was sent with (a session's later change starts with a new conversation). */
  get systemPrompt(): string {
    return this.options.conversation.systemPrompt;
  }

  /** Each side's server, as it was when the turn was sent. */
  get facts(): Record<Side, ServerFacts> {
    return { left: this.options.sides.left.connection.facts, right: this.options.sides.right.connection.facts };
  }

  get publisher(): TurnPublisher {
    return this.options.publisher;
  }
}

type MetricsReading = NonNullable<Awaited<ReturnType<typeof readServerTtft>>>;

/** The server's TTFT histogram, when it has one (vLLM does; other servers may not: then no cross-check). */
function metricsOf(connection: EngineConnection): Promise<MetricsReading | null> {
  const origin = new URL(connection.baseUrl).origin;
  // Bounded tightly: the side's "finished" waits for this reading, and the cross-check is not worth a visible delay.
  return readServerTtft(origin, connection.servedName, { apiKey: connection.apiKey, timeoutMs: 250 }).catch(() => null);
}
