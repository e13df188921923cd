import { deserialize, serialize } from 'node:v8';
import type { InvokeHandlerRegistry } from '../../electron/main/ipc';
import type { Reply } from '../../electron/shared/errors';

type InvokeListener<Event> = (event: Event, payload: unknown) => Promise<Reply<unknown>>;

/**
 * ipcMain's request half in memory, for tests (there is no Electron binary here): handlers registered by
 * channel, and `invoke` doing what ipcRenderer.invoke makes main do, with the sender's event as given.
 */
export class IpcMainStandIn<Event> implements InvokeHandlerRegistry<Event> {
  private readonly listeners = new Map<string, InvokeListener<Event>>();

  handle(channel: string, listener: InvokeListener<Event>): void {
    // Electron refuses a second handler for a channel; so does this, so a double registration shows.
    if (this.listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.listeners.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }

  get channels(): string[] {
    return [...this.listeners.keys()];
  }

  /**
   * Electron carries the payload and the reply through V8's serializer (the structured clone algorithm); so
   * does this, which also leaves the reply untyped, as ipcRenderer.invoke does: nothing across IPC is typed.
   */
  async invoke(sender: Event, channel: string, payload: unknown) {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const reply = await listener(sender, deserialize(serialize(payload)));
    return deserialize(serialize(reply));
  }
}
