// What the preload exposes as `window.pairwise`, built from two seams instead of ipcRenderer itself, so that
// the integration tests drive this very code (there is no Electron binary to run the preload in). Imports
// only plain files of electron/shared: the sandboxed preload cannot load npm modules.
import { EVENT_CHANNELS, isEventChannel, type EventChannel, type RequestChannel } from '../shared/channels';
import { mapChannels } from '../shared/channel-map';
import type { BridgeApi, EventPayload, RequestInput, ResponseOf } from '../shared/contract';
import type { Reply } from '../shared/errors';

/** Sends one request to main and resolves with main's reply (ipcRenderer.invoke in the preload). */
export type InvokeMain = <K extends RequestChannel>(channel: K, payload: RequestInput<K>) => Promise<Reply<ResponseOf<K>>>;

/** Listens to one of main's events; returns the unsubscribe (ipcRenderer.on / removeListener in the preload). */
export type SubscribeMain = <E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;

/** The narrow bridge: one function per contract channel and a typed `on`, nothing generic. */
export function createBridge(invoke: InvokeMain, subscribe: SubscribeMain): BridgeApi {
  return {
    ...mapChannels<'bridge'>((channel) => (payload) => invoke(channel, payload)),
    on: (event, listener) => {
      // The renderer is not trusted to pass a known name: refuse anything else rather than listen to it.
      if (!isEventChannel(event)) throw new Error(`Unknown event ${String(event)}; known: ${EVENT_CHANNELS.join(', ')}`);
      return subscribe(event, listener);
    },
  };
}
