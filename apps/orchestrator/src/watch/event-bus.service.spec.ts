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
