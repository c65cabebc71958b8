import { firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.service';
import type { WatchEvent } from './watch-event';

const event = (type: string, switchId = 'ocs-1'): WatchEvent => ({ kind: 'operation', type, switchId, at: 1, data: {} });

describe('EventBus', () => {
  it('delivers published events to subscribers in order, with increasing ids', async () => {
    const bus = new EventBus();
    const got = firstValueFrom(bus.events(() => true).pipe(take(2), toArray()));
    bus.publish(event('running'));
    bus.publish(event('succeeded'));
    const [a, b] = await got;
    expect([a.type, b.type]).toEqual(['running', 'succeeded']);
    expect(Number(b.id.split('.')[1])).toBe(Number(a.id.split('.')[1]) + 1);
  });

  it('applies the subscriber filter', async () => {
    const bus = new EventBus();
    const got = firstValueFrom(bus.events((e) => e.switchId === 'ocs-2').pipe(take(1)));
    bus.publish(event('running', 'ocs-1'));
    bus.publish(event('running', 'ocs-2'));
    expect((await got).switchId).toBe('ocs-2');
  });

  it('replays what came after a Last-Event-ID of this process, and nothing for a foreign id', async () => {
    const bus = new EventBus();
    const ids: string[] = [];
    const sub = bus.events(() => true).subscribe((e) => ids.push(e.id));
    for (const t of ['a', 'b', 'c']) bus.publish(event(t));
    sub.unsubscribe();
    const replayed = await firstValueFrom(bus.events(() => true, ids[0]).pipe(take(2), toArray()));
    expect(replayed.map((e) => e.type)).toEqual(['b', 'c']);
    const fresh: string[] = [];
    bus.events(() => true, 'otherrun.1').subscribe((e) => fresh.push(e.type));
    bus.publish(event('d'));
    expect(fresh).toEqual(['d']);
  });
});

describe('EventBus with a shared channel', () => {
  /** An in-memory stand-in for the Redis channel: what one bus publishes, every subscribed bus hears. */
  function channel() {
    const listeners: ((payload: string) => void)[] = [];
    return {
      publish: async (payload: string) => listeners.forEach((l) => l(payload)),
      subscribe: async (onMessage: (payload: string) => void) => {
        listeners.push(onMessage);
        return async () => undefined;
      },
    };
  }

  it('delivers operation events through the channel to every replica, once each; others stay local', async () => {
    const shared = channel();
    const [a, b] = [new EventBus(shared as never), new EventBus(shared as never)];
    await a.onModuleInit();
    await b.onModuleInit();
    const seenByB: string[] = [];
    b.events(() => true).subscribe((e) => seenByB.push(`${e.kind}:${e.type}`));
    a.publish(event('running'));
    a.publish({ kind: 'alarm', type: 'critical', switchId: 'ocs-1', at: 1, data: {} });
    await new Promise((r) => setImmediate(r));
    expect(seenByB).toEqual(['operation:running']);
  });

  it('falls back to local delivery when the channel refuses', async () => {
    const broken = { publish: async () => Promise.reject(new Error('redis down')), subscribe: async () => async () => undefined };
    const bus = new EventBus(broken as never);
    const seen: string[] = [];
    bus.events(() => true).subscribe((e) => seen.push(e.type));
    bus.publish(event('running'));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['running']);
  });
});
