// The names of every request channel and event, and nothing else. The sandboxed preload imports only this
// file (it cannot load zod from node_modules), and contract.ts checks at compile time that its maps have
// exactly these keys, so the two lists cannot drift apart.

export const REQUEST_CHANNELS = [
  'app.info',
  'app.notices',
  'settings.get',
  'settings.update',
  'profiles.list',
  'profiles.presets',
  'profiles.create',
  'profiles.update',
  'profiles.delete',
  'engines.list',
  'engines.launch',
  'engines.stop',
  'engines.restart',
  'engines.logs',
  'engines.memoryPlan',
  'engines.orphans',
  'engines.stopOrphans',
  'system.check',
  'compare.start',
  'compare.cancel',
  'compare.regenerate',
  'compare.get',
  'sessions.list',
  'sessions.create',
  'sessions.current',
  'sessions.open',
  'sessions.leave',
  'sessions.rename',
  'sessions.updateSettings',
  'sessions.trash',
  'sessions.restore',
  'sessions.turn',
  'sessions.vote',
  'sessions.undoVote',
  'sessions.editVote',
  'sessions.history',
  'sessions.comparison',
  'sessions.reopen',
  'sessions.import',
  'sessions.startRun',
  'sessions.runNext',
  'sessions.skipStep',
  'promptSets.list',
  'promptSets.import',
  'promptSets.importSample',
  'promptSets.delete',
  'stats.session',
  'export.save',
  'report.write',
] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const EVENT_CHANNELS = ['app.notice', 'profiles.changed', 'engines.status', 'engines.log', 'compare.delta', 'compare.sideFinished', 'sessions.revealed', 'sessions.changed'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/**
 * The IPC message a window sends with the events it listens to (all of them, each time the set changes): main
 * sends it only those, as the headless host does over its socket (ws-protocol.ts).
 */
export const SUBSCRIBE_IPC = 'events:subscribe';

/** The IPC channel an event travels on, kept apart from request channel names. */
export function eventIpcName(event: EventChannel): string {
  return `event:${event}`;
}

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}
