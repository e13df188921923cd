import { describe, expect, it } from 'vitest';
import { createBridge, type InvokeMain, type SubscribeMain } from '../../electron/preload/bridge';
import { REQUEST_CHANNELS } from '../../electron/shared/channels';

describe("the preload's bridge", () => {
  function bridgeOverRecorders() {
    const invoked: { channel: string; payload: unknown }[] = [];
    const subscribed: string[] = [];
    const invoke: InvokeMain = async (channel, payload) => {
      invoked.push({ channel, payload });
      return { ok: false, error: { code: 'not-found', message: `answered ${channel}` } };
    };
    const unsubscribe = () => {};
    const subscribe: SubscribeMain = (event) => {
      subscribed.push(event);
      return unsubscribe;
    };
    return { bridge: createBridge(invoke, subscribe), invoked, subscribed, unsubscribe };
  }

  it("sends each channel's request on its own channel, with the payload, and returns main's reply", async () => {
    const { bridge, invoked } = bridgeOverRecorders();
    await expect(bridge['engines.stop']({ profileId: 'qwen2-7b' })).resolves.toEqual({ ok: false, error: { code: 'not-found', message: 'answered engines.stop' } });
    expect(invoked).toEqual([{ channel: 'engines.stop', payload: { profileId: 'qwen2-7b' } }]);
    expect(Object.keys(bridge).filter((key) => key !== 'on')).toEqual([...REQUEST_CHANNELS]);
  });

  it('listens to known events only: an unknown name is refused, never subscribed', () => {
    const { bridge, subscribed, unsubscribe } = bridgeOverRecorders();
    expect(bridge.on('engines.status', () => {})).toBe(unsubscribe);
    // The renderer's JavaScript can pass any name at all; TypeScript would not let this test do it directly.
    expect(() => Reflect.apply(bridge.on, bridge, ['app.quit', () => {}])).toThrow(/Unknown event app\.quit; known: app\.notice, /);
    expect(subscribed).toEqual(['engines.status']);
  });
});
