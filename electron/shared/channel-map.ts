// Builds one function per request channel from the channel list: how the preload and the renderer's two api
// clients get their functions without spelling out every channel, so a channel added to the contract reaches
// all three with no edit. Plain TypeScript with no runtime dependency (the contract is imported for its types
// only): the sandboxed preload bundles this file, and it cannot load npm modules.
import { REQUEST_CHANNELS, type RequestChannel } from './channels';
import type { ChannelFunctionShape, ChannelFunctionShapes, ChannelFunctions } from './contract';

/**
 * `{ [channel]: make(channel) }` for every request channel. `make` is checked per channel: what it returns
 * for channel K must be that channel's function of the given shape (its payload, its response), e.g.
 * `mapChannels<'client'>((channel) => async (payload) => ...)`.
 */
export function mapChannels<Shape extends ChannelFunctionShape>(
  make: <K extends RequestChannel>(channel: K) => ChannelFunctionShapes<K>[Shape],
): ChannelFunctions<Shape> {
  const entries = REQUEST_CHANNELS.map((channel) => [channel, make(channel)] satisfies [RequestChannel, unknown]);
  // The one assertion. Object.fromEntries can only type its result as { [key: string]: V }: TypeScript does not
  // follow a map over the REQUEST_CHANNELS tuple to see that every channel gets a key, each holding make(key).
  // Both hold by construction (the entries are REQUEST_CHANNELS.map over make, nothing added or dropped), and
  // each function's type was checked against its own channel where `make` was written.
  return Object.fromEntries(entries) as ChannelFunctions<Shape>;
}
