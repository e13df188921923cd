import type { Handlers } from '../../shared/contract';
import { ServiceError } from '../../shared/errors';
import type { ComparisonService } from '../compare/comparison-service';
import { Conversation } from '../compare/conversation';
import type { SessionService } from './session-service';
import type { SessionStoreApi } from './session-types';
import { comparisonDetail, sessionModel, snapshotOf } from './session-views';
import type { VoteDesk } from './session-votes';
import type { RunDesk } from './session-run-desk';
import { systemPromptOf } from './comparison-record';

type SessionChannels = Extract<keyof Handlers, `sessions.${string}`>;

export interface SessionHandlerDeps {
  store: SessionStoreApi;
  sessions: SessionService;
  votes: VoteDesk;
  runs: RunDesk;
  comparisons: ComparisonService;
}

export function sessionHandlers({ store, sessions, votes, runs, comparisons }: SessionHandlerDeps): Pick<Handlers, SessionChannels> {
  return {
    'sessions.list': ({ trashed }) => store.list({ trashed: trashed ?? false }),
    'sessions.create': (input) => sessions.create(input),
    'sessions.current': () => sessions.current(),
    'sessions.open': ({ sessionId }) => sessions.open(sessionId),
    'sessions.leave': () => sessions.leave(),
    'sessions.rename': async ({ sessionId, name }) => {
      await sessions.writable(sessionId);
      const summary = await store.rename(sessionId, name);
      sessions.changed(sessionId);
      return summary;
    },
    'sessions.updateSettings': async ({ sessionId, settings }) => {
      const session = await sessions.writable(sessionId);
      await session.append({ type: 'settings', at: new Date().toISOString(), settings });
      sessions.changed(sessionId);
      return sessions.view(session);
    },
    'sessions.trash': async ({ sessionId }) => {
      if ((await store.current()) === sessionId) await store.setCurrent(null);
      await store.trash(sessionId);
      sessions.changed(sessionId);
      return { trashed: sessionId };
    },
    'sessions.restore': async ({ sessionId }) => {
      const summary = await store.restore(sessionId);
      sessions.changed(sessionId);
      return summary;
    },
    'sessions.turn': (input) => sessions.turn(input),
    'sessions.startRun': (input) => runs.start(input),
    'sessions.runNext': (input) => runs.next(input),
    'sessions.skipStep': (input) => runs.skip(input),
    'sessions.vote': (input) => votes.vote(input),
    'sessions.undoVote': ({ sessionId, voteId }) => votes.undo(sessionId, voteId),
    'sessions.editVote': (input) => votes.edit(input),
    'sessions.history': async (query) => (await store.open(query.sessionId)).history(query),
    'sessions.comparison': async ({ sessionId, comparisonId }) => {
      const session = await store.open(sessionId);
      const record = await session.comparison(comparisonId);
      if (!record) throw new ServiceError('not-found', 'That comparison is not in this session.');
      return comparisonDetail(session, record, session.voteOf(comparisonId));
    },
    'sessions.reopen': async ({ sessionId, comparisonId }) => {
      const session = await sessions.writable(sessionId);
      const chosen = await session.comparison(comparisonId);
      if (!chosen) throw new ServiceError('not-found', 'That comparison is not in this session.');
      const turns = latestAttempts(await session.conversation(chosen.conversationId), chosen.turn, chosen.id);
      const profileIds = { left: sessionModel(session, chosen.mapping.left).profileId, right: sessionModel(session, chosen.mapping.right).profileId };
      const revealed = turns.some((record) => !record.blind || session.voteOf(record.id) !== null);
      const placement = { sessionId, conversationId: chosen.conversationId, mapping: chosen.mapping, revealed };
      const restored = {
        id: chosen.conversationId,
        turns: turns.map((record) => ({ comparisonId: record.id, userMessage: record.userMessage, answers: { left: record.sides.left.content, right: record.sides.right.content } })),
      };
      const sidePrompts = { left: systemPromptOf(chosen, 'left'), right: systemPromptOf(chosen, 'right') };
      const conversation = new Conversation(profileIds, chosen.systemPrompt, placement, restored, sidePrompts);
      comparisons.restoreConversation(conversation);
      await store.setCurrent(sessionId);
      const votes = turns.flatMap((record) => {
        const vote = session.voteOf(record.id);
        return vote ? [{ comparisonId: record.id, voteId: vote.id, verdict: vote.verdict }] : [];
      });
      return { session: await sessions.view(session), turns: turns.map((record) => snapshotOf(session, record, session.voteOf(record.id))), votes };
    },
    'sessions.import': async ({ jsonl, asCopy }) => {
      const summary = await store.import(jsonl, { asCopy: asCopy ?? false });
      sessions.changed(summary.id);
      return summary;
    },
  };
}

/**
 * The turns of a conversation up to the chosen one: for each turn its last attempt (a regeneration replaces the
 * turn), except that the chosen comparison stands for its own turn.
 */
function latestAttempts<T extends { id: string; turn: number }>(records: T[], upToTurn: number, chosenId: string): T[] {
  const byTurn = new Map<number, T>();
  for (const record of records) if (record.turn <= upToTurn) byTurn.set(record.turn, record);
  const chosen = records.find((record) => record.id === chosenId);
  if (chosen) byTurn.set(chosen.turn, chosen);
  return [...byTurn.keys()].sort((a, b) => a - b).map((turn) => byTurn.get(turn)!);
}
