import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import type { EventChannel } from '@lightpath/state';
import type { Logger } from 'pino';
import { concat, filter, from, type Observable, Subject } from 'rxjs';
import { LOGGER } from '../orchestrator.tokens';
import { WATCH_CHANNEL } from './watch.constants';
import type { SequencedEvent, WatchEvent, WatchKind } from './watch-event';

/**
 * Events kept for clients that reconnect with Last-Event-ID: a few seconds of a busy fabric,
 * enough to bridge an EventSource's automatic reconnect without holding much memory.
 */
const REPLAY_EVENTS = 1_024;

/**
 * Kinds decided by one replica (the leader opens an operation or places a reservation, whichever
 * replica handles an ack closes it): they go through the fabric's Redis channel so every replica's streams see them.
 * Alarms, ports and switches are derived from the events topic, which every replica reads whole,
 * so each replica publishes those itself and the channel would only duplicate them.
 */
const SHARED_KINDS: ReadonlySet<WatchKind> = new Set(['operation', 'reservation']);

/**
 * Publish/subscribe of fabric changes for /v1/events. Publishing never blocks or throws into the
 * publisher (an operation closing must not wait for watchers). Ids are `<process start, base
 * 36>.<sequence>`, assigned where an event is delivered, so an id from another process (or from
 * before a restart) is recognised and not replayed against the wrong sequence.
 */
@Injectable()
export class EventBus implements OnModuleInit, OnModuleDestroy {
  private readonly subject = new Subject<SequencedEvent>();
  private readonly recent: SequencedEvent[] = [];
  private readonly run = Date.now().toString(36);
  private sequence = 0;
  private unsubscribe?: () => Promise<void>;

  constructor(
    @Optional() @Inject(WATCH_CHANNEL) private readonly channel?: EventChannel,
    @Optional() @Inject(LOGGER) private readonly logger?: Logger,
  ) {}

  /** Joins the shared channel before the API serves, so no shared event is missed once it does. */
  async onModuleInit(): Promise<void> {
    if (this.channel) this.unsubscribe = await this.channel.subscribe((payload) => this.deliver(JSON.parse(payload) as WatchEvent));
  }

  publish(event: WatchEvent): void {
    if (!this.channel || !SHARED_KINDS.has(event.kind)) return this.deliver(event);
    this.channel.publish(JSON.stringify(event)).catch((err: Error) => {
      // Redis unreachable: this replica's watchers still hear it; the others cannot.
      this.logger?.warn({ err, kind: event.kind, type: event.type }, 'watch event not shared with other replicas');
      this.deliver(event);
    });
  }

  /** Live events that pass `accept`, preceded by the retained ones after `lastEventId` when it is ours. */
  events(accept: (e: SequencedEvent) => boolean, lastEventId?: string): Observable<SequencedEvent> {
    return concat(from(this.replayAfter(lastEventId)), this.subject).pipe(filter(accept));
  }

  async onModuleDestroy(): Promise<void> {
    this.subject.complete();
    await this.unsubscribe?.();
  }

  private deliver(event: WatchEvent): void {
    const sequenced: SequencedEvent = { ...event, id: `${this.run}.${++this.sequence}` };
    this.recent.push(sequenced);
    if (this.recent.length > REPLAY_EVENTS) this.recent.shift();
    this.subject.next(sequenced);
  }

  private replayAfter(lastEventId: string | undefined): SequencedEvent[] {
    if (!lastEventId) return [];
    const [run, seq] = lastEventId.split('.');
    if (run !== this.run || !/^\d+$/.test(seq ?? '')) return [];
    const after = Number(seq);
    return this.recent.filter((e) => Number(e.id.split('.')[1]) > after);
  }
}
