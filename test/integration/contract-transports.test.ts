// Every request channel, over both transports, as the renderer reaches them: an invalid payload is refused
// with an error naming the field and never reaches a handler; a valid one reaches its own handler, validated.
// What is real: the channel list, the schemas, the dispatcher, the IPC registration with its sender check, the
// preload's bridge, the headless host with its token and Origin checks, and its WebSocket bridge. What is not:
// the services behind the handlers (recording stand-ins take their place; they are not under test here) and
// ipcMain (an in-memory stand-in: there is no Electron binary).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../electron/host/headless-host';
import { registerIpcHandlers } from '../../electron/main/ipc';
import { createBridge } from '../../electron/preload/bridge';
import { createDispatcher } from '../../electron/services/api/dispatcher';
import { EventBus } from '../../electron/services/events/event-bus';
import { REQUEST_CHANNELS, type RequestChannel } from '../../electron/shared/channels';
import type { BridgeApi } from '../../electron/shared/contract';
import type { Reply } from '../../electron/shared/errors';
import { CONTRACT_EXAMPLES, type ChannelExamples } from '../support/contract-examples';
import { HostClient } from '../support/host-client';
import { IpcMainStandIn } from '../support/ipc-main-stand-in';
import { recordingHandlers, standInReply } from '../support/recording-handlers';
import { makeTempDir } from '../support/temp-dir';

/** Sends one request down a transport and resolves with the reply that came back. */
type Send = (channel: RequestChannel, payload: unknown) => Promise<Reply<unknown>>;

/** The event of an IPC request: which frame sent it (Electron's isTrustedSender looks at the real frames). */
interface Sender {
  frame: string;
}
const OUR_WINDOW: Sender = { frame: 'the Pairwise window' };
const AN_IFRAME: Sender = { frame: 'an iframe in it' };

const { handlers, calls } = recordingHandlers();
// The stand-ins only throw ServiceErrors; anything else would come back as an `internal` reply and fail a test.
const dispatch = createDispatcher(handlers, { reportInternalError: () => {} });

/**
 * Calls a bridge function as the renderer's JavaScript may: with any payload at all, since nothing checks its
 * type on that side of the bridge. Replies cross IPC untyped (see IpcMainStandIn.invoke).
 */
function callUntyped(bridge: BridgeApi, channel: RequestChannel, payload: unknown): Promise<Reply<unknown>> {
  const fn: unknown = Reflect.get(bridge, channel);
  if (typeof fn !== 'function') throw new Error(`the bridge has no function for ${channel}`);
  return Promise.resolve(Reflect.apply(fn, bridge, [payload]));
}

function bridgeFor(ipcMain: IpcMainStandIn<Sender>, sender: Sender): BridgeApi {
  // Events are not under test here: nothing subscribes.
  return createBridge((channel, payload) => ipcMain.invoke(sender, channel, payload), () => () => {});
}

const TRANSPORTS = ['Electron IPC', 'the headless host WebSocket'] as const;
const transports: Partial<Record<(typeof TRANSPORTS)[number], Send>> = {};
const ipcMain = new IpcMainStandIn<Sender>();
let unregisterIpc: () => void;
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let host: HeadlessHost;
let hostClient: HostClient;

beforeAll(async () => {
  unregisterIpc = registerIpcHandlers(ipcMain, dispatch, (event) => event === OUR_WINDOW);
  const bridge = bridgeFor(ipcMain, OUR_WINDOW);
  transports['Electron IPC'] = (channel, payload) => callUntyped(bridge, channel, payload);

  dir = await makeTempDir();
  const rendererDir = join(dir.path, 'renderer');
  await mkdir(rendererDir);
  host = await startHeadlessHost({ services: { dispatch, bus: new EventBus() }, rendererDir, port: 0 });
  hostClient = await HostClient.connect(host.url);
  transports['the headless host WebSocket'] = (channel, payload) => hostClient.request(channel, payload);
});

afterAll(async () => {
  hostClient?.close();
  await host?.close();
  await dir?.remove();
  unregisterIpc?.();
});

beforeEach(() => {
  calls.length = 0;
});

/** `field` as a whole word: "id" must be named, not found inside "Invalid". */
function naming(field: string): RegExp {
  return new RegExp(`(?<![\\w.])${field.replace(/[.]/g, '\\.')}(?!\\w|\\.\\w)`);
}

describe.each(TRANSPORTS)('every request channel over %s', (transport) => {
  const send: Send = (channel, payload) => transports[transport]!(channel, payload);

  it.each(REQUEST_CHANNELS)('%s refuses an invalid payload, naming the field, before any handler runs', async (channel) => {
    const { invalid }: ChannelExamples<RequestChannel> = CONTRACT_EXAMPLES[channel];
    const reply = await send(channel, invalid.payload);
    if (reply.ok) throw new Error(`${channel} accepted ${JSON.stringify(invalid.payload)}`);
    expect(reply.error.code).toBe('invalid-request');
    expect(reply.error.issues?.[0]?.path).toBe(invalid.path);
    expect(reply.error.message).toContain(`Invalid ${channel} request`);
    expect(reply.error.message).toMatch(naming(invalid.field));
    expect(calls).toEqual([]);
  });

  it.each(REQUEST_CHANNELS)('%s hands a valid payload, as validated, to its own handler', async (channel) => {
    const examples: ChannelExamples<RequestChannel> = CONTRACT_EXAMPLES[channel];
    const reply = await send(channel, examples.valid);
    expect(reply).toEqual(standInReply(channel));
    expect(calls).toEqual([{ channel, payload: examples.received ?? examples.valid }]);
  });
});

describe('the IPC sender check', () => {
  const fromAnIframe = bridgeFor(ipcMain, AN_IFRAME);

  it.each(REQUEST_CHANNELS)('%s refuses a valid request from another frame before any handler runs', async (channel) => {
    const reply = await callUntyped(fromAnIframe, channel, CONTRACT_EXAMPLES[channel].valid);
    expect(reply).toEqual({ ok: false, error: { code: 'invalid-request', message: 'Request refused: it did not come from the Pairwise window.' } });
    expect(calls).toEqual([]);
  });
});

describe('the IPC registration', () => {
  it('registers one handler per request channel, and removes them all', () => {
    const registry = new IpcMainStandIn<Sender>();
    // A second handler for a channel throws (as in Electron), so this also proves there is exactly one each.
    const unregister = registerIpcHandlers(registry, dispatch, () => true);
    expect(registry.channels).toEqual([...REQUEST_CHANNELS]);
    unregister();
    expect(registry.channels).toEqual([]);
  });
});
