import type { EventChannel } from '../../shared/channels';
import type { EventPayload } from '../../shared/contract';

type Listener<E extends EventChannel> = (payload: EventPayload<E>) => void;

/** Typed publish/subscribe between services and the transports (IPC, WebSocket) that forward events. */
export class EventBus {
  private readonly listeners = new Map<EventChannel, Set<Listener<EventChannel>>>();

  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventChannel>);
    return () => set.delete(listener as Listener<EventChannel>);
  }

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      // One faulty subscriber (say, a window being torn down) must not stop the others.
      try {
        listener(payload);
      } catch (error) {
        console.error(`[pairwise] listener for ${event} failed:`, error);
      }
    }
  }
}
