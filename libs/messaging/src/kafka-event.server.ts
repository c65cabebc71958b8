import { CustomTransportStrategy, KafkaContext, Server } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import type { z } from 'zod';
import type { ConsumerStatus } from './consumer-activity';
import type { JsonProducer } from './json-producer';
import type { MessagingLogger } from './logger';
import { ValidatedConsumer, type ValidatedConsumerOptions } from './validated-consumer';

export interface KafkaEventServerOptions<S extends z.ZodType> {
  kafka: Kafka;
  producer: JsonProducer;
  groupId: string;
  topics: string[];
  schema: S;
  deadLetterTopic: string;
  logger: MessagingLogger;
  fromBeginning?: boolean;
  timing?: ValidatedConsumerOptions<S>['timing'];
  onOutcome?: (outcome: 'handled' | 'dead-lettered') => void;
  partitionsConsumedConcurrently?: number;
}

/**
 * A Nest microservice transport over kafkajs that dispatches validated messages to
 * `@EventPattern(type)` handlers by the message's `type` field. It exists instead of Nest's
 * ServerKafka because (a) every message must pass the zod contract before any handler sees it, with
 * failures dead-lettered, and (b) we use event patterns with our own correlation ids only: Nest's
 * Kafka request-reply relies on reply topics that lose messages during rebalances.
 * A message whose type has no handler is dead-lettered too: silently dropping it would hide a bug.
 */
export class KafkaEventServer<S extends z.ZodType<{ type: string }>> extends Server implements CustomTransportStrategy {
  private consumer?: ValidatedConsumer<S>;

  constructor(private readonly options: KafkaEventServerOptions<S>) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      this.consumer = new ValidatedConsumer(this.options.kafka, {
        ...this.options,
        handle: async (value, meta) => {
          const handler = this.getHandlerByPattern(value.type);
          if (!handler) throw new Error(`no handler for message type "${value.type}"`);
          const context = new KafkaContext([
            { key: meta.key, offset: meta.offset } as never,
            meta.partition,
            meta.topic,
            undefined as never,
            meta.heartbeat,
            undefined as never,
          ]);
          await this.handleEvent(value.type, { pattern: value.type, data: value }, context);
        },
      });
      await this.consumer.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  get isRunning(): boolean {
    return this.consumer?.isRunning ?? false;
  }

  /** The consumer's state for readiness: consuming now, phase, idle time, restarts, last error. (Nest's `status` is an Observable of its own.) */
  consumerStatus(): ConsumerStatus {
    return this.consumer?.status() ?? { consuming: false, phase: 'stopped', idleMs: null, restarts: 0 };
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error('KafkaEventServer.on: status events are not supported; use isRunning');
  }

  unwrap<T>(): T {
    return this.options.kafka as T;
  }
}
