import { describe, expect, it } from 'vitest';
import { mapChannels } from '../../electron/shared/channel-map';
import { REQUEST_CHANNELS } from '../../electron/shared/channels';

describe('mapChannels', () => {
  it('makes one member per request channel, in the list order, each made for its own channel', async () => {
    const made: string[] = [];
    const functions = mapChannels<'client'>((channel) => {
      made.push(channel);
      return async () => {
        throw new Error(`made for ${channel}`);
      };
    });
    expect(made).toEqual([...REQUEST_CHANNELS]);
    expect(Object.keys(functions)).toEqual([...REQUEST_CHANNELS]);
    // Each channel's function takes its own payload type; these ignore the payload, so call them untyped.
    for (const channel of REQUEST_CHANNELS) await expect(Reflect.apply(functions[channel], undefined, [{}])).rejects.toThrow(`made for ${channel}`);
  });
});
