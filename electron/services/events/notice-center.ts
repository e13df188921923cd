import { randomUUID } from 'node:crypto';
import type { Notice, NoticeLevel } from '../../shared/notice';
import type { EventBus } from './event-bus';

/**
 * Raises notices as `app.notice` events and remembers the recent ones, because some arise before any window
 * listens (a corrupt settings file is found while the services start); a renderer fetches those on start.
 */
export class NoticeCenter {
  private readonly recent: Notice[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly keep = 50,
    private readonly now: () => number = Date.now,
  ) {}

  raise(level: NoticeLevel, message: string): Notice {
    const notice: Notice = { id: randomUUID(), level, message, at: this.now() };
    this.recent.push(notice);
    if (this.recent.length > this.keep) this.recent.shift();
    this.bus.emit('app.notice', notice);
    return notice;
  }

  list(): Notice[] {
    return [...this.recent];
  }
}
