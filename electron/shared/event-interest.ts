// Which events a page listens to, counted per listener, so that a transport asks for an event when its first
// listener comes and drops it when its last one goes (the WebSocket client and the preload both use it).
import type { EventChannel } from './channels';

export class EventInterest {
  private readonly counts = new Map<EventChannel, number>();

  /** True when this was the event's first listener (the set of events changed). */
  add(event: EventChannel): boolean {
    const count = (this.counts.get(event) ?? 0) + 1;
    this.counts.set(event, count);
    return count === 1;
  }

  /** True when this was the event's last listener. */
  remove(event: EventChannel): boolean {
    const count = (this.counts.get(event) ?? 0) - 1;
    if (count > 0) this.counts.set(event, count);
    else this.counts.delete(event);
    return count === 0;
  }

  events(): EventChannel[] {
    return [...this.counts.keys()];
  }
}
