import { REQUEST_CHANNELS } from '../../../electron/shared/channels';
import type { BridgeApi, PairwiseApi } from '../../../electron/shared/contract';
import { ApiError } from '../../../electron/shared/errors';

/** The api client inside Electron: the preload's `window.pairwise`, with replies unwrapped into values or ApiErrors. */
export function createBridgeClient(bridge: BridgeApi): PairwiseApi {
  const client: Record<string, unknown> = {};
  for (const channel of REQUEST_CHANNELS) {
    client[channel] = async (payload: unknown) => {
      const reply = await (bridge[channel] as (p: unknown) => ReturnType<BridgeApi[typeof channel]>)(payload);
      if (!reply.ok) throw new ApiError(reply.error);
      return reply.value;
    };
  }
  client.on = bridge.on.bind(bridge);
  return client as PairwiseApi;
}
