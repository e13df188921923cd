import type { WebContents } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS, eventIpcName, isEventChannel, type EventChannel } from '../shared/channels';
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

/** The events a window listens to, as its preload announced them (SUBSCRIBE_IPC): the only ones it is sent. */
export class WindowInterest {
  private listening = new Set<EventChannel>();

  /** From an IPC message: anything but a list of known event names is ignored. */
  update(events: unknown): void {
    if (Array.isArray(events) && events.every(isEventChannel)) this.listening = new Set(events);
  }

  has(event: EventChannel): boolean {
    return this.listening.has(event);
  }
}

/** Forwards to the window the service events it listens to. */
export function forwardEvents(bus: EventBus, contents: Pick<WebContents, 'send' | 'isDestroyed'>, interest: Pick<WindowInterest, 'has'>): () => void {
  const offs = EVENT_CHANNELS.map((event) =>
    bus.on(event, (payload) => {
      if (interest.has(event) && !contents.isDestroyed()) contents.send(eventIpcName(event), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
