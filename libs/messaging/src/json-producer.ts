import type { Kafka, Producer } from 'kafkajs';
import { CORRELATION_HEADER } from './messaging.constants';

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: unknown;
  correlationId?: string;
}

/**
 * Sends JSON messages. acks=-1 (all in-sync replicas) because a lost command is a circuit that
 * never comes up; no linger, because control-plane latency matters more than batching here.
 */
export class JsonProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.sendMany([message]);
  }

  /** Sends several messages in one request per topic; order is kept per topic and key. */
  async sendMany(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({
          key: m.key,
          value: typeof m.value === 'string' || Buffer.isBuffer(m.value) ? m.value : JSON.stringify(m.value),
          headers: m.correlationId ? { [CORRELATION_HEADER]: m.correlationId } : undefined,
        })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.producer.disconnect();
  }
}
