import { mapChannels } from '../../electron/shared/channel-map';
import type { RequestChannel } from '../../electron/shared/channels';
import type { Handlers } from '../../electron/shared/contract';
import { ServiceError, type Reply } from '../../electron/shared/errors';

export interface HandlerCall {
  channel: RequestChannel;
  payload: unknown;
}

/**
 * Stand-ins for the services, for tests of what lies in front of them (dispatcher, schemas, IPC registration,
 * the WebSocket bridge): each records the payload it was handed and answers with a ServiceError that names its
 * channel. An error, because it crosses every transport like a real service's answer and needs no made-up
 * response of each channel's type; a distinct one, so a test can tell that this channel's handler answered.
 */
export function recordingHandlers(): { handlers: Handlers; calls: HandlerCall[] } {
  const calls: HandlerCall[] = [];
  const handlers = mapChannels<'handler'>((channel) => async (payload) => {
    calls.push({ channel, payload });
    throw new ServiceError('conflict', standInMessage(channel));
  });
  return { handlers, calls };
}

/** The reply a recording handler's answer becomes once the dispatcher has wrapped it. */
export function standInReply(channel: RequestChannel): Reply<unknown> {
  return { ok: false, error: { code: 'conflict', message: standInMessage(channel) } };
}

function standInMessage(channel: RequestChannel): string {
  return `The stand-in handler for ${channel} was reached.`;
}
