import { type DynamicModule, Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { JsonProducer } from './json-producer';
import { createKafka } from './kafka-connection';
import type { MessagingLogger } from './logger';
import { MessagingService } from './messaging.service';

export interface MessagingModuleOptions {
  brokers: string[];
  /** kafkajs client id: the process's own id (ORCH_ID, AGENT_ID). */
  clientId: string;
  logger: MessagingLogger;
  /** Every send settles within this bound (JsonProducer). */
  sendTimeoutMs?: number;
}

/** The module's own token for the kafkajs client: not exported, so no app can inject it. */
const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

/**
 * Kafka for a Nest app (after amplication's thin Nest module over a framework-free core): one
 * kafkajs client per process, the connected JsonProducer (exported; apps inject it by class or
 * alias it to a token of theirs), and MessagingService for topic creation and the consumer server.
 * The producer connects while the app is created, so a process never serves requests it could not
 * send commands for.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      // One Kafka client and producer per process: every feature module that sends reaches them.
      global: true,
      providers: [
        { provide: KAFKA_CLIENT, useFactory: () => createKafka(options) },
        {
          provide: JsonProducer,
          useFactory: async (kafka: Kafka) => {
            const producer = new JsonProducer(kafka, { sendTimeoutMs: options.sendTimeoutMs });
            await producer.connect();
            return producer;
          },
          inject: [KAFKA_CLIENT],
        },
        { provide: MessagingService, useFactory: (kafka: Kafka, producer: JsonProducer) => new MessagingService(kafka, producer), inject: [KAFKA_CLIENT, JsonProducer] },
      ],
      exports: [JsonProducer, MessagingService],
    };
  }
}
