// What the renderer is shown of a session and its comparisons, with the blind rules applied (pure functions).
import type { ComparisonSnapshot, Side, SideOutcome } from '../../shared/compare';
import { SIDES } from '../../shared/compare';
import type { ComparisonDetail, ComparisonRecord, ModelIndex, Reveal, SessionModel, SessionView, VoteRecord } from '../../shared/sessions';
import { blindError, HIDDEN_TIMINGS } from '../compare/turn-publisher';
import type { OpenSession } from './session-types';
import { modelLabel } from './session-models';

/** Who was on which side, in the words a person knows the models by. */
export function revealOf(session: OpenSession, comparisonId: string, mapping: Record<Side, ModelIndex>, outcomes: Record<Side, SideOutcome> | null): Reveal {
  const side = (s: Side) => revealedModel(sessionModel(session, mapping[s]), mapping[s]);
  return { sessionId: session.id, comparisonId, sides: { left: side('left'), right: side('right') }, outcomes };
}

/** A model of the session by its index (an index the session does not have is a bug, not bad input). */
export function sessionModel(session: Pick<OpenSession, 'header'>, index: ModelIndex): SessionModel {
  const model = session.header.models[index];
  if (!model) throw new Error(`session ${session.header.id} has no model ${index}`);
  return model;
}

function revealedModel(model: SessionModel, index: ModelIndex) {
  return { model: index, name: modelLabel(model), servedName: model.servedName, source: model.source };
}

export function sessionView(session: OpenSession, notReady: string | null): SessionView {
  return {
    id: session.id,
    name: session.name,
    createdAt: session.createdAt,
    settings: session.settings,
    comparisons: session.comparisonCount,
    votes: session.voteCount,
    models: session.settings.blind ? null : session.header.models.map(modelLabel),
    modelCount: session.header.models.length,
    variants: session.header.models.some((model) => model.variant),
    run: session.index.runs.view((i) => session.index.votedAt(i), (i) => session.index.idAt(i)),
    readOnly: session.readOnly,
    notices: session.notices,
    notReady,
  };
}

/** A recorded comparison may be shown with its sides named once it was voted, or when it was never blind. */
export function isRevealed(record: Pick<ComparisonRecord, 'blind'>, vote: VoteRecord | null): boolean {
  return !record.blind || vote !== null;
}

export function comparisonDetail(session: OpenSession, record: ComparisonRecord, vote: VoteRecord | null): ComparisonDetail {
  if (!isRevealed(record, vote)) {
    return { record: { ...blindRecord(session, record), mapping: null, servers: null }, vote, reveal: null, servers: null };
  }
  const servers = { left: session.server(record.servers.left), right: session.server(record.servers.right) };
  return {
    record,
    vote,
    reveal: revealOf(session, record.id, record.mapping, null),
    servers: servers.left && servers.right ? { left: servers.left, right: servers.right } : null,
  };
}

/** A recorded comparison as a Compare turn (reopening a conversation from History). */
export function snapshotOf(session: OpenSession, record: ComparisonRecord, vote: VoteRecord | null): ComparisonSnapshot {
  const revealed = isRevealed(record, vote);
  const shown = revealed ? record : blindRecord(session, record);
  const side = (s: Side) => ({ content: shown.sides[s].content, reasoning: shown.sides[s].reasoning, outcome: shown.sides[s].outcome, settings: shown.sides[s].settings });
  return {
    comparisonId: record.id,
    sessionId: session.id,
    reveal: revealed ? revealOf(session, record.id, record.mapping, null) : null,
    conversationId: record.conversationId,
    turn: record.turn,
    userMessage: record.userMessage,
    startedAt: Date.parse(record.startedAt),
    sides: { left: side('left'), right: side('right') },
  };
}

/**
 * A blind comparison not voted yet, as it may be shown: the app's own error sentences scrubbed of what names the
 * model (as the turn's publisher scrubbed them live), and under equal reveal no timings.
 */
function blindRecord(session: OpenSession, record: ComparisonRecord): ComparisonRecord {
  const sides = { ...record.sides };
  const variants = session.header.models.some((model) => model.variant);
  for (const s of SIDES) {
    // A variant is its settings: shown per side, they would tell which variant is where.
    if (variants) sides[s] = { ...sides[s], settings: sharedSettings(session) };
    let outcome = sides[s].outcome;
    if (outcome.kind === 'error') outcome = { ...outcome, error: blindError(outcome.error, identifyingOf(session, record, s)) };
    if (record.equalReveal) outcome = { ...outcome, timings: HIDDEN_TIMINGS };
    sides[s] = { ...sides[s], outcome };
  }
  // A run step's place without what would link it to another comparison: a hidden repeat's original is voted,
  // so its sides are known, and the repeat's are those swapped.
  const run = record.run ? { ...record.run, itemId: '', repeatOf: null } : record.run;
  return { ...record, sides, ...(run !== undefined && { run }) };
}

/** What a blind variant session shows as each side's settings before the vote: the session's own. */
function sharedSettings(session: OpenSession): ComparisonRecord['sides']['left']['settings'] {
  return { sampling: session.settings.sampling, overridden: [] };
}

function identifyingOf(session: OpenSession, record: ComparisonRecord, side: Side): string[] {
  const model = sessionModel(session, record.mapping[side]);
  const argv = session.server(record.servers[side])?.argv ?? [];
  const port = argv[argv.indexOf('--port') + 1];
  const address = port && argv.includes('--port') ? [`127.0.0.1:${port}`, port] : [];
  // An endpoint's source is its base URL: its origin, host and port name it too.
  const endpoint = model.engine === 'endpoint' ? urlParts(model.source) : [];
  return [model.profileId, model.name, model.servedName, model.source, ...address, ...endpoint];
}

function urlParts(address: string): string[] {
  try {
    const url = new URL(address);
    return [url.origin, url.host, ...(url.port ? [url.port] : [])];
  } catch {
    return [];
  }
}
