// The preload: the bridge (bridge.ts) over ipcRenderer, exposed as `window.pairwise`. Sandboxed preloads
// cannot load npm modules, so everything here is plain code bundled into one CommonJS file.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventIpcName, SUBSCRIBE_IPC, type EventChannel } from '../shared/channels';
import { EventInterest } from '../shared/event-interest';
import type { EventPayload } from '../shared/contract';
import { createBridge } from './bridge';

// ipcRenderer types what crosses IPC as `any`: main's replies and events are the contract's (main registers a
// dispatcher-backed handler for every channel and forwards only the bus's events), and are taken as such.
// Main sends only the events the page listens to (a blind turn's page hears nothing of the Models view).
const interest = new EventInterest();

function subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
  ipcRenderer.on(eventIpcName(event), wrapped);
  if (interest.add(event)) ipcRenderer.send(SUBSCRIBE_IPC, interest.events());
  return () => {
    ipcRenderer.removeListener(eventIpcName(event), wrapped);
    if (interest.remove(event)) ipcRenderer.send(SUBSCRIBE_IPC, interest.events());
  };
}

const bridge = createBridge((channel, payload) => ipcRenderer.invoke(channel, payload), subscribe);
contextBridge.exposeInMainWorld('pairwise', Object.freeze(bridge));
