// One valid and one invalid payload per request channel, for the tests that drive every channel over both
// transports. Typed against the contract: a channel added to REQUEST_CHANNELS without its examples here, a
// stale channel left here, or a "valid" payload the request type no longer accepts all fail `tsc`.
import type { RequestChannel } from '../../electron/shared/channels';
import type { RequestInput, RequestPayload } from '../../electron/shared/contract';
import { newVllmDraft } from '../../electron/shared/profile-defaults';
import type { EndpointProfileDraft } from '../../electron/shared/profiles';

export interface ChannelExamples<K extends RequestChannel> {
  /** A payload the channel's schema accepts. */
  valid: RequestInput<K>;
  /** What the handler receives for `valid` when validation changes it (trims a field, say); else `valid` itself. */
  received?: RequestPayload<K>;
  /** A payload the schema refuses: `path` is where the first issue is reported, `field` what the error message must name. */
  invalid: { payload: unknown; path: string; field: string };
}

const COMPARISON_ID = '6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6';
const OTHER_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const SESSION_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

const SESSION_SETTINGS: RequestInput<'sessions.create'>['settings'] = {
  systemPrompt: '',
  sampling: { temperature: 0.7, topP: 0.95, maxTokens: 256, seed: null },
  seedPolicy: 'random-per-turn',
  blind: true,
  equalReveal: false,
  dimensions: ['accuracy', 'fluency'],
};

const endpointDraft: EndpointProfileDraft = {
  engine: 'endpoint',
  name: 'Remote Qwen',
  baseUrl: 'http://127.0.0.1:8000/v1',
  apiKey: null,
  servedName: 'Qwen/Qwen2-7B-Instruct',
};

const startComparison: RequestInput<'compare.start'> = {
  comparisonId: COMPARISON_ID,
  conversationId: null,
  leftProfileId: 'qwen3-4b',
  rightProfileId: 'qwen2-7b',
  systemPrompt: '',
  userMessage: 'Name three prime numbers.',
  sampling: { temperature: 0.7, topP: 0.95, maxTokens: 256, seed: 1 },
};

/** A payload-less channel refuses any field at all, and names it. */
function noPayload(unknownField: string): { valid: Record<string, never>; invalid: ChannelExamples<RequestChannel>['invalid'] } {
  return { valid: {}, invalid: { payload: { [unknownField]: true }, path: unknownField, field: unknownField } };
}

export const CONTRACT_EXAMPLES = {
  'app.info': noPayload('verbose'),
  'app.notices': noPayload('since'),
  'settings.get': noPayload('key'),
  'settings.update': {
    valid: { theme: 'dark', sampling: { temperature: 0.2 } },
    invalid: { payload: { sampling: { temperature: 7 } }, path: 'sampling.temperature', field: 'sampling.temperature' },
  },
  'profiles.list': noPayload('engine'),
  'profiles.presets': noPayload('model'),
  'profiles.create': {
    // The schema trims the name: the handler must get the validated payload, not what was sent.
    valid: { draft: newVllmDraft('Qwen/Qwen2-7B-Instruct', '  Qwen2 7B  ') },
    received: { draft: newVllmDraft('Qwen/Qwen2-7B-Instruct', 'Qwen2 7B') },
    invalid: {
      payload: { draft: { ...newVllmDraft('Qwen/Qwen2-7B-Instruct'), gpuMemoryUtilization: 1.5 } },
      path: 'draft.gpuMemoryUtilization',
      field: 'draft.gpuMemoryUtilization',
    },
  },
  'profiles.update': {
    valid: { id: 'qwen2-7b', draft: endpointDraft },
    invalid: { payload: { id: 'qwen2-7b', draft: { ...endpointDraft, baseUrl: 'ftp://gpu-box/v1' } }, path: 'draft.baseUrl', field: 'draft.baseUrl' },
  },
  'profiles.delete': { valid: { id: 'qwen2-7b' }, invalid: { payload: { id: '../settings' }, path: 'id', field: 'id' } },
  'engines.list': noPayload('all'),
  'engines.launch': {
    valid: { profileId: 'qwen2-7b', force: true },
    invalid: { payload: { profileId: 'qwen2-7b', force: 'yes' }, path: 'force', field: 'force' },
  },
  'engines.stop': { valid: { profileId: 'qwen2-7b' }, invalid: { payload: { profileId: 'Qwen 2' }, path: 'profileId', field: 'profileId' } },
  'engines.restart': { valid: { profileId: 'qwen2-7b' }, invalid: { payload: { profileId: 7 }, path: 'profileId', field: 'profileId' } },
  'engines.logs': {
    valid: { profileId: 'qwen2-7b', afterSeq: 10, limit: 100, query: 'CUDA' },
    invalid: { payload: { profileId: 'qwen2-7b', limit: 0 }, path: 'limit', field: 'limit' },
  },
  'engines.memoryPlan': {
    valid: { profileIds: ['qwen3-4b', 'qwen2-7b'] },
    invalid: { payload: { profileIds: ['qwen3-4b', 'Qwen 2'] }, path: 'profileIds.1', field: 'profileIds.1' },
  },
  'engines.orphans': noPayload('pgid'),
  'engines.stopOrphans': { valid: { pgids: [4242] }, invalid: { payload: { pgids: [0] }, path: 'pgids.0', field: 'pgids.0' } },
  'system.check': { valid: { refresh: true }, invalid: { payload: { refresh: 'now' }, path: 'refresh', field: 'refresh' } },
  'compare.start': {
    valid: startComparison,
    invalid: { payload: { ...startComparison, userMessage: '' }, path: 'userMessage', field: 'userMessage' },
  },
  'compare.cancel': {
    valid: { comparisonId: COMPARISON_ID, side: 'left' },
    invalid: { payload: { comparisonId: COMPARISON_ID, side: 'middle' }, path: 'side', field: 'side' },
  },
  'compare.regenerate': { valid: { comparisonId: COMPARISON_ID, newComparisonId: OTHER_ID }, invalid: { payload: { comparisonId: 'latest', newComparisonId: OTHER_ID }, path: 'comparisonId', field: 'comparisonId' } },
  'compare.get': { valid: { comparisonId: COMPARISON_ID }, invalid: { payload: {}, path: 'comparisonId', field: 'comparisonId' } },
  'sessions.list': { valid: { trashed: true }, invalid: { payload: { trashed: 'yes' }, path: 'trashed', field: 'trashed' } },
  'sessions.create': {
    valid: { name: '  Study  ', profileIds: ['qwen3-4b', 'qwen2-7b'], settings: SESSION_SETTINGS },
    received: { name: 'Study', profileIds: ['qwen3-4b', 'qwen2-7b'], settings: SESSION_SETTINGS },
    invalid: { payload: { name: 'Study', profileIds: ['qwen3-4b', 'qwen2-7b'], settings: { ...SESSION_SETTINGS, dimensions: ['accuracy', 'Accuracy'] } }, path: 'settings.dimensions', field: 'settings.dimensions' },
  },
  'sessions.current': noPayload('sessionId'),
  'sessions.open': { valid: { sessionId: SESSION_ID }, invalid: { payload: { sessionId: 'latest' }, path: 'sessionId', field: 'sessionId' } },
  'sessions.leave': noPayload('sessionId'),
  'sessions.rename': { valid: { sessionId: SESSION_ID, name: 'Renamed' }, invalid: { payload: { sessionId: SESSION_ID, name: '   ' }, path: 'name', field: 'name' } },
  'sessions.updateSettings': {
    valid: { sessionId: SESSION_ID, settings: SESSION_SETTINGS },
    invalid: { payload: { sessionId: SESSION_ID, settings: { ...SESSION_SETTINGS, seedPolicy: 'sometimes' } }, path: 'settings.seedPolicy', field: 'settings.seedPolicy' },
  },
  'sessions.trash': { valid: { sessionId: SESSION_ID }, invalid: { payload: {}, path: 'sessionId', field: 'sessionId' } },
  'sessions.restore': { valid: { sessionId: SESSION_ID }, invalid: { payload: { sessionId: 7 }, path: 'sessionId', field: 'sessionId' } },
  'sessions.turn': {
    valid: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, conversationId: null, userMessage: 'Name three prime numbers.' },
    invalid: { payload: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, conversationId: null, userMessage: '' }, path: 'userMessage', field: 'userMessage' },
  },
  'sessions.vote': {
    valid: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, verdict: 'tie', scores: { left: { accuracy: 4 }, right: { accuracy: 5 } }, comment: '', category: 'QA' },
    invalid: { payload: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, verdict: 'tie', scores: { left: { accuracy: 6 }, right: {} }, comment: '', category: '' }, path: 'scores.left.accuracy', field: 'scores.left.accuracy' },
  },
  'sessions.undoVote': { valid: { sessionId: SESSION_ID, voteId: OTHER_ID }, invalid: { payload: { sessionId: SESSION_ID, voteId: 'last' }, path: 'voteId', field: 'voteId' } },
  'sessions.editVote': {
    valid: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, category: ' writing ' },
    received: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, category: 'writing' },
    invalid: { payload: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, comment: 7 }, path: 'comment', field: 'comment' },
  },
  'sessions.history': {
    valid: { sessionId: SESSION_ID, text: 'prime', verdict: 'none' },
    received: { sessionId: SESSION_ID, text: 'prime', verdict: 'none', offset: 0, limit: 100 },
    invalid: { payload: { sessionId: SESSION_ID, limit: 100_000 }, path: 'limit', field: 'limit' },
  },
  'sessions.comparison': { valid: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID }, invalid: { payload: { sessionId: SESSION_ID }, path: 'comparisonId', field: 'comparisonId' } },
  'sessions.reopen': { valid: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID }, invalid: { payload: { sessionId: SESSION_ID, comparisonId: 'x' }, path: 'comparisonId', field: 'comparisonId' } },
  'sessions.import': { valid: { jsonl: '{"type":"session"}\n', asCopy: true }, invalid: { payload: { jsonl: '' }, path: 'jsonl', field: 'jsonl' } },
  'sessions.startRun': {
    valid: { sessionId: SESSION_ID, promptSetId: 'study-sample-3f2a', categories: ['knowledge-qa'], shuffle: true, repeatShare: 0.1 },
    invalid: { payload: { sessionId: SESSION_ID, promptSetId: 'study-sample-3f2a', categories: [], shuffle: true, repeatShare: 0.9 }, path: 'repeatShare', field: 'repeatShare' },
  },
  'sessions.runNext': {
    valid: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, runId: OTHER_ID, step: 3 },
    invalid: { payload: { sessionId: SESSION_ID, comparisonId: COMPARISON_ID, runId: OTHER_ID, step: -1 }, path: 'step', field: 'step' },
  },
  'sessions.skipStep': { valid: { sessionId: SESSION_ID, runId: OTHER_ID, step: 0 }, invalid: { payload: { sessionId: SESSION_ID, runId: 'current', step: 0 }, path: 'runId', field: 'runId' } },
  'promptSets.list': noPayload('promptSetId'),
  'promptSets.import': {
    valid: { name: ' Study set ', format: 'csv', text: 'prompt\nHello\n', fileName: 'set.csv' },
    received: { name: 'Study set', format: 'csv', text: 'prompt\nHello\n', fileName: 'set.csv' },
    invalid: { payload: { name: 'Study set', format: 'xlsx', text: 'prompt', fileName: 'set.xlsx' }, path: 'format', field: 'format' },
  },
  'promptSets.importSample': noPayload('promptSetId'),
  'promptSets.delete': { valid: { promptSetId: 'study-sample-3f2a' }, invalid: { payload: { promptSetId: '../settings' }, path: 'promptSetId', field: 'promptSetId' } },
  'stats.session': { valid: { sessionId: SESSION_ID }, invalid: { payload: { sessionId: 'current' }, path: 'sessionId', field: 'sessionId' } },
  'export.save': { valid: { format: 'csv', sessionId: null }, invalid: { payload: { format: 'xlsx', sessionId: null }, path: 'format', field: 'format' } },
  'report.write': { valid: { sessionId: SESSION_ID }, invalid: { payload: {}, path: 'sessionId', field: 'sessionId' } },
} satisfies { [K in RequestChannel]: ChannelExamples<K> };
