import type { Kafka } from 'kafkajs';
import type { z } from 'zod';
import { incarnationGroup, type IncarnationGroup } from './incarnation-group';
import type { JsonProducer } from './json-producer';
import { KafkaEventServer, type KafkaEventServerOptions } from './kafka-event.server';
import { ensureTopics, type TopicRequest } from './topic-admin';

/** What an app gives to make its consumer server: everything but the client and the producer, which the module owns. */
export type EventServerOptions<S extends z.ZodType<{ type: string }>> = Omit<KafkaEventServerOptions<S>, 'kafka' | 'producer'>;

/**
 * The process's Kafka, seen by an app's start-up code in domain terms (house rule 4): create the
 * topics it needs, get a consumer group of its own incarnation, and make the Nest transport that
 * dispatches validated messages to its `@EventPattern` handlers (dead letters through the module's
 * producer). The kafkajs client stays inside libs/messaging.
 */
export class MessagingService {
  constructor(
    private readonly kafka: Kafka,
    readonly producer: JsonProducer,
  ) {}

  /** Creates the topics that do not exist yet and waits for every partition's leader (topic-admin.ts). */
  ensureTopics(requests: TopicRequest[]): Promise<void> {
    return ensureTopics(this.kafka, requests);
  }

  /** A consumer group per process incarnation, starting from the previous one's offsets (incarnation-group.ts). */
  incarnationGroup(base: string, topics: string[]): Promise<IncarnationGroup> {
    return incarnationGroup(this.kafka, base, topics);
  }

  /** The consumer server to pass to `app.connectMicroservice({ strategy })`. */
  eventServer<S extends z.ZodType<{ type: string }>>(options: EventServerOptions<S>): KafkaEventServer<S> {
    return new KafkaEventServer({ ...options, kafka: this.kafka, producer: this.producer });
  }
}
