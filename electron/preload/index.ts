// The narrow bridge: one function per contract channel and a typed `on`, nothing generic. Sandboxed
// preloads cannot load npm modules, so this imports only the plain list of channel names.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS, eventIpcName, isEventChannel, type EventChannel } from '../shared/channels';

const api: Record<string, unknown> = {};
for (const channel of REQUEST_CHANNELS) {
  api[channel] = (payload: unknown) => ipcRenderer.invoke(channel, payload);
}
api.on = (event: EventChannel, listener: (payload: unknown) => void) => {
  if (!isEventChannel(event)) throw new Error(`Unknown event ${String(event)}; known: ${EVENT_CHANNELS.join(', ')}`);
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(eventIpcName(event), wrapped);
  return () => {
    ipcRenderer.removeListener(eventIpcName(event), wrapped);
  };
};

contextBridge.exposeInMainWorld('pairwise', Object.freeze(api));
