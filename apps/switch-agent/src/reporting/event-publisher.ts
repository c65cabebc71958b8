import { Inject, Injectable } from '@nestjs/common';
import type { SwitchEvent, TopicNames } from '@lightpath/contracts';
import type { JsonProducer } from '@lightpath/messaging';
import { PRODUCER, TOPICS } from '../agent.tokens';

/** Sends agent events to the shared events topic, keyed by switch id so each switch's events stay in order. */
@Injectable()
export class EventPublisher {
  constructor(
    @Inject(PRODUCER) private readonly producer: JsonProducer,
    @Inject(TOPICS) private readonly topics: TopicNames,
  ) {}

  async publish(events: SwitchEvent[], correlationId?: string): Promise<void> {
    await this.producer.sendMany(
      events.map((event) => ({ topic: this.topics.events, key: event.switchId, value: event, correlationId })),
    );
  }
}
