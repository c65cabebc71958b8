import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { filter, from, type Observable, Subject, concat } from 'rxjs';
import type { SequencedEvent, WatchEvent } from './watch-event';

/**
 * Events kept for clients that reconnect with Last-Event-ID: a few seconds of a busy fabric,
 * enough to bridge an EventSource's automatic reconnect without holding much memory.
 */
const REPLAY_EVENTS = 1_024;

/**
 * In-process publish/subscribe of fabric changes for /v1/events. Publishing never blocks or
 * throws into the publisher (an operation closing must not wait for slow watchers). Ids are
 * `<process start, base 36>.<sequence>`, so an id from another process (or before a restart) is
 * recognised and not replayed against the wrong sequence.
 */
@Injectable()
export class EventBus implements OnModuleDestroy {
  private readonly subject = new Subject<SequencedEvent>();
  private readonly recent: SequencedEvent[] = [];
  private readonly run = Date.now().toString(36);
  private sequence = 0;

  publish(event: WatchEvent): void {
    const sequenced: SequencedEvent = { ...event, id: `${this.run}.${++this.sequence}` };
    this.recent.push(sequenced);
    if (this.recent.length > REPLAY_EVENTS) this.recent.shift();
    this.subject.next(sequenced);
  }

  /** Live events that pass `accept`, preceded by the retained ones after `lastEventId` when it is ours. */
  events(accept: (e: SequencedEvent) => boolean, lastEventId?: string): Observable<SequencedEvent> {
    const replay = this.replayAfter(lastEventId);
    return concat(from(replay), this.subject).pipe(filter(accept));
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }

  private replayAfter(lastEventId: string | undefined): SequencedEvent[] {
    if (!lastEventId) return [];
    const [run, seq] = lastEventId.split('.');
    if (run !== this.run || !/^\d+$/.test(seq ?? '')) return [];
    const after = Number(seq);
    return this.recent.filter((e) => Number(e.id.split('.')[1]) > after);
  }
}
