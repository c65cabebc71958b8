import type { EachMessagePayload, Kafka } from 'kafkajs';
import type { z } from 'zod';
import { decodeMessage, type DeadLetter } from '@lightpath/contracts';
import type { ConsumerStatus } from './consumer-activity';
import { ConsumerSupervisor, type ConsumerSupervisorOptions } from './consumer-supervisor';
import type { JsonProducer } from './json-producer';
import type { MessagingLogger } from './logger';
import { CORRELATION_HEADER, MESSAGING_DEFAULTS } from './messaging.constants';

export interface IncomingMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  correlationId: string | null;
  heartbeat: () => Promise<void>;
}

export interface ValidatedConsumerOptions<S extends z.ZodType> {
  groupId: string;
  topics: string[];
  schema: S;
  deadLetterTopic: string;
  /** Where dead letters are sent; shared with the process's other producers. */
  producer: JsonProducer;
  logger: MessagingLogger;
  handle: (value: z.infer<S>, meta: IncomingMeta) => Promise<void>;
  /** Read a new group's topics from the start (commands) or only what arrives from now on (events). */
  fromBeginning?: boolean;
  /** Counts messages by outcome; metrics live in the app, not here. */
  onOutcome?: (outcome: 'handled' | 'dead-lettered') => void;
  /** Partitions handled at once; each partition stays strictly in order. */
  partitionsConsumedConcurrently?: number;
  /** Supervisor timing overrides, for tests that cannot wait out production windows. */
  timing?: ConsumerSupervisorOptions['timing'];
}

/**
 * A consumer that validates every message where it enters. A message that does not decode, or
 * whose handler throws, goes to the dead-letter topic with the reason, is logged, and the consumer
 * carries on with the next one: one poison message must never stall a switch's command stream.
 * Its kafkajs consumer is kept alive by a ConsumerSupervisor (restarted after crashes kafkajs gives
 * up on), and `isRunning` says whether it is consuming now.
 */
export class ValidatedConsumer<S extends z.ZodType> {
  private readonly supervisor: ConsumerSupervisor;

  constructor(
    kafka: Kafka,
    private readonly options: ValidatedConsumerOptions<S>,
  ) {
    this.supervisor = new ConsumerSupervisor(kafka, {
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: options.fromBeginning ?? false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? MESSAGING_DEFAULTS.partitionsConsumedConcurrently,
      eachMessage: (payload) => this.onMessage(payload),
      logger: options.logger,
      timing: options.timing,
    });
  }

  /** Consuming right now: joined its group and fetching or heartbeating recently (not merely started once). */
  get isRunning(): boolean {
    return this.supervisor.status().consuming;
  }

  status(): ConsumerStatus {
    return this.supervisor.status();
  }

  /** Resolves once the consumer has joined its group and been assigned partitions. */
  start(): Promise<void> {
    return this.supervisor.start();
  }

  /** Leaves the group, so a restarted process gets the partitions without waiting out a session. */
  stop(): Promise<void> {
    return this.supervisor.stop();
  }

  private async onMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const meta: IncomingMeta = {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString('utf8') ?? null,
      correlationId: message.headers?.[CORRELATION_HEADER]?.toString() ?? null,
      heartbeat,
    };
    const decoded = decodeMessage(this.options.schema, message.value);
    if (!decoded.ok) return this.deadLetter(meta, message.value, `undecodable: ${decoded.error}`);
    try {
      await this.options.handle(decoded.value, meta);
      this.options.onOutcome?.('handled');
    } catch (err) {
      await this.deadLetter(meta, message.value, `handler failed: ${(err as Error).message}`);
    }
  }

  private async deadLetter(meta: IncomingMeta, value: Buffer | null, error: string): Promise<void> {
    const raw = value ?? Buffer.alloc(0);
    const utf8 = raw.toString('utf8');
    const letter: DeadLetter = {
      sourceTopic: meta.topic,
      partition: meta.partition,
      offset: meta.offset,
      key: meta.key,
      payload: Buffer.from(utf8, 'utf8').equals(raw) ? utf8 : raw.toString('base64'),
      encoding: Buffer.from(utf8, 'utf8').equals(raw) ? 'utf8' : 'base64',
      error,
      consumer: this.options.groupId,
      at: Date.now(),
    };
    this.options.logger.warn({ deadLetter: { ...letter, payload: letter.payload.slice(0, 256) } }, 'message dead-lettered');
    this.options.onOutcome?.('dead-lettered');
    await this.options.producer.send({ topic: this.options.deadLetterTopic, key: meta.key ?? meta.topic, value: letter });
  }
}
