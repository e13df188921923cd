import type { EventBus } from '../events/event-bus';

/**
 * Orders launches that share a GPU: the second starts loading only when the first is ready (or gone).
 * Started together, each vLLM counts the other's loading against its own budget and one of them fails its
 * free-memory check (vllm #55827). Tickets make the order the order of the Launch clicks, so two servers
 * waiting for each other cannot deadlock.
 */
export class GpuLaunchQueue {
  private readonly tickets = new Map<string, number>();
  private nextTicket = 1;

  constructor(private readonly bus: EventBus) {}

  ticketOf(profileId: string): number | undefined {
    return this.tickets.get(profileId);
  }

  /**
   * Takes a ticket, then waits while `findBlocker(ticket)` names a server (one with an earlier ticket still
   * loading on a shared GPU), re-checking whenever any server's status changes.
   */
  async waitTurn(profileId: string, findBlocker: (ticket: number) => string | null, signal: AbortSignal, onWait: (detail: string) => void): Promise<void> {
    const ticket = this.nextTicket++;
    this.tickets.set(profileId, ticket);
    let announced: string | null = null;
    for (;;) {
      if (signal.aborted) return;
      const blocker = findBlocker(ticket);
      if (blocker === null) return;
      // Announce only a change: the announcement is itself a status event, which wakes the other waiters; if
      // each re-announced on waking, three servers on one GPU would wake each other forever.
      if (blocker !== announced) onWait(`Waiting for ${blocker} to finish loading on the same GPU`);
      announced = blocker;
      await new Promise<void>((resolve) => {
        const off = this.bus.on('engines.status', () => done());
        const done = () => {
          off();
          signal.removeEventListener('abort', done);
          resolve();
        };
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }
}
