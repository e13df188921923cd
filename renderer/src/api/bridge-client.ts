import { mapChannels } from '../../../electron/shared/channel-map';
import type { BridgeApi, ChannelFunctions, PairwiseApi } from '../../../electron/shared/contract';
import { ApiError } from '../../../electron/shared/errors';

/** The api client inside Electron: the preload's `window.pairwise`, with replies unwrapped into values or ApiErrors. */
export function createBridgeClient(bridge: BridgeApi): PairwiseApi {
  // Seen through its per-channel part, so that indexing it by one channel gives that channel's function.
  const functions: ChannelFunctions<'bridge'> = bridge;
  return {
    ...mapChannels<'client'>((channel) => async (payload) => {
      const reply = await functions[channel](payload);
      if (!reply.ok) throw new ApiError(reply.error);
      return reply.value;
    }),
    on: bridge.on.bind(bridge),
  };
}
