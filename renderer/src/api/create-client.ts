import type { BridgeApi, PairwiseApi } from '../../../electron/shared/contract';
import { createBridgeClient } from './bridge-client';
import { createWsClient, type ConnectionState } from './ws-client';

declare global {
  interface Window {
    /** Present only inside Electron (the preload's bridge). */
    pairwise?: BridgeApi;
  }
}

export interface Connection {
  api: PairwiseApi;
  /** How the UI knows the headless host went away; inside Electron the bridge is always there. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** One interface, two transports: Electron's bridge when present, otherwise the headless host's WebSocket. */
export function connect(): Connection {
  if (window.pairwise) {
    return { api: createBridgeClient(window.pairwise), onConnection: (listener) => (listener('open'), () => {}) };
  }
  const client = createWsClient(window.location);
  return { api: client, onConnection: (listener) => client.onConnection(listener) };
}
