// Votes (issue 9, The vote): on disk (fsynced) before they are acknowledged, and only then the reveal. Undo is a
// record of its own. A vote on a turn where a side failed is allowed and says so.
import { randomUUID } from 'node:crypto';
import type { Side, SideOutcome } from '../../shared/compare';
import { SIDES } from '../../shared/compare';
import { ServiceError } from '../../shared/errors';
import type { ComparisonRecord, ModelIndex, VoteInput, VoteRecord, VoteSaved, VoteUndone } from '../../shared/sessions';
import type { editVoteSchema } from '../../shared/sessions';
import type { z } from 'zod';

type EditVote = z.output<typeof editVoteSchema>;
import type { ComparisonService } from '../compare/comparison-service';
import type { EventBus } from '../events/event-bus';
import type { SessionService } from './session-service';
import type { OpenSession } from './session-types';
import { revealOf } from './session-views';
import { SessionLogError } from './session-log';

export interface VoteDeskDeps {
  sessions: SessionService;
  comparisons: ComparisonService;
  bus: EventBus;
}

interface Voted {
  conversationId: string;
  mapping: Record<Side, ModelIndex>;
  outcomes: Record<Side, SideOutcome>;
  equalReveal: boolean;
  /** The names were hidden until now. */
  blind: boolean;
}

export class VoteDesk {
  /** Votes and undos of one session run one after another: the "already voted" and "last vote" checks must still
   *  hold when the record is written (two tabs, a retried request). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: VoteDeskDeps) {}

  vote(input: VoteInput): Promise<VoteSaved> {
    return this.exclusive(input.sessionId, () => this.castVote(input));
  }

  undo(sessionId: string, voteId: string): Promise<VoteUndone> {
    return this.exclusive(sessionId, () => this.undoVote(sessionId, voteId));
  }

  /** A new comment or category for a comparison's vote, as an `edit` record. */
  edit(input: EditVote): Promise<VoteRecord> {
    return this.exclusive(input.sessionId, async () => {
      const session = await this.deps.sessions.writable(input.sessionId);
      const vote = session.voteOf(input.comparisonId);
      if (!vote) throw new ServiceError('not-found', 'That comparison has no vote to edit (it was never voted, or its vote was undone).');
      const changes = { ...(input.comment !== undefined ? { comment: input.comment } : {}), ...(input.category !== undefined ? { category: input.category } : {}) };
      await this.saving(() => session.append({ type: 'edit', at: new Date().toISOString(), voteId: vote.id, ...changes }));
      this.deps.sessions.changed(session.id);
      return session.voteOf(input.comparisonId)!;
    });
  }

  private exclusive<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(sessionId) ?? Promise.resolve()).then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(sessionId, settled);
    void settled.then(() => this.queues.get(sessionId) === settled && this.queues.delete(sessionId));
    return next;
  }

  private async castVote(input: VoteInput): Promise<VoteSaved> {
    const session = await this.deps.sessions.writable(input.sessionId);
    checkScores(input, session.settings.dimensions);
    const subject = await this.subject(session, input.comparisonId);
    if (session.voteOf(input.comparisonId)) throw new ServiceError('conflict', 'This comparison already has a vote. Undo it first (Ctrl+Z) to vote again.');
    await this.saving(() => this.deps.sessions.recorder.ensure(input.comparisonId));
    const keyPoints = checkedKeyPoints(input, session);
    const vote: VoteRecord = {
      type: 'vote',
      at: new Date().toISOString(),
      id: randomUUID(),
      comparisonId: input.comparisonId,
      verdict: input.verdict,
      scores: input.scores,
      comment: input.comment,
      category: input.category,
      failedSides: SIDES.filter((side) => subject.outcomes[side].kind !== 'done'),
      blind: subject.blind,
      ...(keyPoints && { keyPoints }),
    };
    await this.saving(() => session.append(vote));
    const reveal = revealOf(session, input.comparisonId, subject.mapping, subject.equalReveal ? subject.outcomes : null);
    this.markRevealed(input.comparisonId, subject.conversationId, reveal);
    this.deps.bus.emit('sessions.revealed', reveal);
    this.deps.sessions.changed(session.id);
    return { voteId: vote.id, comparisonId: input.comparisonId, reveal, votes: session.voteCount };
  }

  /** Only the session's last vote can be undone; the undo is appended, the vote stays in the file. */
  private async undoVote(sessionId: string, voteId: string): Promise<VoteUndone> {
    const session = await this.deps.sessions.writable(sessionId);
    const last = session.lastVote();
    if (!last || last.id !== voteId) throw new ServiceError('conflict', 'Only the last vote of the session can be undone, and it must not be undone already.');
    await this.saving(() => session.append({ type: 'undo', at: new Date().toISOString(), voteId }));
    this.deps.sessions.changed(session.id);
    return { voteId, comparisonId: last.comparisonId, votes: session.voteCount };
  }

  /** What the vote is about: the run in memory, or the recorded comparison (reopened from History). */
  private async subject(session: OpenSession, comparisonId: string): Promise<Voted> {
    const run = this.deps.comparisons.run(comparisonId);
    if (run && run.snapshot.sessionId === session.id) {
      if (run.running) throw new ServiceError('conflict', 'Both answers are still coming: vote once they are in (or cancel them).');
      const conversation = this.deps.comparisons.conversation(run.snapshot.conversationId);
      const mapping = conversation?.session?.mapping;
      if (!mapping) throw new ServiceError('not-found', 'That comparison is no longer known to this session.');
      const outcomes = { left: run.snapshot.sides.left.outcome!, right: run.snapshot.sides.right.outcome! };
      return { conversationId: run.snapshot.conversationId, mapping, outcomes, equalReveal: run.publisher.holdsTimings, blind: run.publisher.revealed === null };
    }
    const record = await session.comparison(comparisonId);
    if (!record) throw new ServiceError('not-found', 'That comparison is not in this session.');
    return fromRecord(record, session);
  }

  /** From now on the comparison is shown as it is, and so are the later turns of its conversation. */
  private markRevealed(comparisonId: string, conversationId: string, reveal: VoteSaved['reveal']): void {
    this.deps.comparisons.run(comparisonId)?.publisher.markRevealed(reveal);
    const conversation = this.deps.comparisons.conversation(conversationId);
    if (conversation?.session) conversation.session.revealed = true;
  }

  /** A full disk or a lost lock becomes a conflict the renderer shows beside the vote it keeps on screen. */
  private async saving<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof SessionLogError) throw new ServiceError(error.code === 'read-only' ? 'conflict' : 'io-error', error.message);
      throw error;
    }
  }
}

function fromRecord(record: ComparisonRecord, session: OpenSession): Voted {
  return {
    conversationId: record.conversationId,
    mapping: record.mapping,
    outcomes: { left: record.sides.left.outcome, right: record.sides.right.outcome },
    equalReveal: record.equalReveal,
    // A vote undone earlier revealed the names already: this one is not cast blind.
    blind: record.blind && !session.everVoted(record.id),
  };
}

function checkScores(input: VoteInput, dimensions: string[]): void {
  for (const side of SIDES) {
    for (const dimension of Object.keys(input.scores[side])) {
      if (!dimensions.includes(dimension)) {
        throw new ServiceError('invalid-request', `"${dimension}" is not a score dimension of this session (${dimensions.join(', ') || 'it has none'}).`);
      }
    }
  }
}

/** The key points ticked, checked against the comparison's list (none sent, or a prompt without any: none kept). */
function checkedKeyPoints(input: VoteInput, session: OpenSession): Record<Side, number[]> | null {
  if (!input.keyPoints) return null;
  const count = session.index.runs.promptFacts(session.index.numberOf(input.comparisonId))?.keyPoints ?? 0;
  if (count === 0) {
    if (SIDES.some((side) => input.keyPoints![side].length > 0)) throw new ServiceError('invalid-request', 'This prompt has no key points to tick: send the vote without them.');
    return null;
  }
  for (const side of SIDES) {
    const beyond = input.keyPoints[side].find((tick) => tick >= count);
    if (beyond !== undefined) throw new ServiceError('invalid-request', `This prompt has ${count} key points: there is no key point ${beyond + 1} to tick.`);
  }
  return { left: [...input.keyPoints.left].sort((a, b) => a - b), right: [...input.keyPoints.right].sort((a, b) => a - b) };
}
