// The preload: the bridge (bridge.ts) over ipcRenderer, exposed as `window.pairwise`. Sandboxed preloads
// cannot load npm modules, so everything here is plain code bundled into one CommonJS file.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventIpcName, type EventChannel } from '../shared/channels';
import type { EventPayload } from '../shared/contract';
import { createBridge } from './bridge';

// ipcRenderer types what crosses IPC as `any`: main's replies and events are the contract's (main registers a
// dispatcher-backed handler for every channel and forwards only the bus's events), and are taken as such.
function subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
  ipcRenderer.on(eventIpcName(event), wrapped);
  return () => {
    ipcRenderer.removeListener(eventIpcName(event), wrapped);
  };
}

const bridge = createBridge((channel, payload) => ipcRenderer.invoke(channel, payload), subscribe);
contextBridge.exposeInMainWorld('pairwise', Object.freeze(bridge));
