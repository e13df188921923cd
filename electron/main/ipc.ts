import type { WebContents } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS, eventIpcName } from '../shared/channels';
import type { Reply } from '../shared/errors';
import type { Dispatch } from '../services/api/dispatcher';
import type { EventBus } from '../services/events/event-bus';

/**
 * The part of ipcMain used here. Electron's ipcMain fits it (with IpcMainInvokeEvent as the event); tests,
 * which have no Electron binary, pass a small in-memory stand-in with events of their own.
 */
export interface InvokeHandlerRegistry<Event> {
  handle(channel: string, listener: (event: Event, payload: unknown) => Promise<Reply<unknown>>): void;
  removeHandler(channel: string): void;
}

/** One ipcMain.handle per contract channel, each behind the sender check and the dispatcher's validation. */
export function registerIpcHandlers<Event>(
  ipcMain: InvokeHandlerRegistry<Event>,
  dispatch: Dispatch,
  isTrusted: (event: Event) => boolean,
): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Reply<unknown>> => {
      if (!isTrusted(event)) return { ok: false, error: { code: 'invalid-request', message: 'Request refused: it did not come from the Pairwise window.' } };
      return dispatch(channel, payload);
    });
  }
  return () => REQUEST_CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Forwards every service event to the window. */
export function forwardEvents(bus: EventBus, contents: Pick<WebContents, 'send' | 'isDestroyed'>): () => void {
  const offs = EVENT_CHANNELS.map((event) =>
    bus.on(event, (payload) => {
      if (!contents.isDestroyed()) contents.send(eventIpcName(event), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
