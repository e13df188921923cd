// Main sends a window only the events its page listens to (the preload announces them with SUBSCRIBE_IPC), as
// the headless host does over its socket: a page showing a blind turn hears nothing of the Models view.
import { describe, expect, it } from 'vitest';
import { forwardEvents, WindowInterest } from '../../electron/main/ipc';
import { EventBus } from '../../electron/services/events/event-bus';
import { EventInterest } from '../../electron/shared/event-interest';

describe('event forwarding to a window', () => {
  it('sends only the announced events, and ignores an announcement that is not a list of event names', () => {
    const bus = new EventBus();
    const sent: string[] = [];
    const interest = new WindowInterest();
    const stop = forwardEvents(bus, { send: (channel: string) => void sent.push(channel), isDestroyed: () => false }, interest);
    bus.emit('engines.log', { profileId: 'p', lines: [] });
    interest.update(['compare.delta', 'sessions.revealed']);
    bus.emit('engines.log', { profileId: 'p', lines: [] });
    bus.emit('compare.delta', { comparisonId: 'c', side: 'left', content: 'x', reasoning: '' });
    interest.update(['compare.delta', 'no.such.event']);
    interest.update('everything');
    bus.emit('sessions.revealed', { sessionId: 's', comparisonId: 'c', sides: { left: { model: 0, name: 'a', servedName: 'a', source: 'a' }, right: { model: 1, name: 'b', servedName: 'b', source: 'b' } }, outcomes: null });
    stop();
    bus.emit('compare.delta', { comparisonId: 'c', side: 'left', content: 'y', reasoning: '' });
    expect(sent).toEqual(['event:compare.delta', 'event:sessions.revealed']);
  });
});

describe('EventInterest', () => {
  it('announces an event with its first listener and drops it with its last', () => {
    const interest = new EventInterest();
    expect(interest.add('compare.delta')).toBe(true);
    expect(interest.add('compare.delta')).toBe(false);
    expect(interest.add('app.notice')).toBe(true);
    expect(interest.remove('compare.delta')).toBe(false);
    expect(interest.events()).toEqual(['compare.delta', 'app.notice']);
    expect(interest.remove('compare.delta')).toBe(true);
    expect(interest.events()).toEqual(['app.notice']);
  });
});
