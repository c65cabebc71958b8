import type { Admin, Kafka, Producer } from 'kafkajs';
import { listSome } from '@lightpath/contracts';
import { CORRELATION_HEADER, MESSAGING_DEFAULTS } from './messaging.constants';
import { produceRequests } from './produce-requests';
import { withTimeout } from './with-timeout';

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: unknown;
  correlationId?: string;
}

export interface JsonProducerOptions {
  /** Every send settles within this bound (KafkaTimeoutError after it); COMMAND_SEND_TIMEOUT_MS in the apps. */
  sendTimeoutMs?: number;
  /**
   * kafkajs' idempotent producer: a batch retried after a lost answer (a broker killed mid-request)
   * is written once, not twice. kafkajs marks it experimental, so it is a setting (KAFKA_IDEMPOTENT),
   * on in the HA layout where leaders move; acks=all either way.
   */
  idempotent?: boolean;
}

/**
 * Sends JSON messages. acks=-1 (all in-sync replicas) because a lost command is a circuit that
 * never comes up; no linger, because control-plane latency matters more than batching here.
 *
 * Every send is bounded (issue 7, item 3): with the broker down, kafkajs' retries would hold a
 * caller for tens of seconds. kafkajs' own retries are kept short too (about a second in all), so a
 * message the caller was told failed is very unlikely to be delivered later; if one is, its command
 * deadline makes the agent refuse it once the orchestrator has given up, and the reconciler (I3)
 * removes anything it made that nobody desires.
 */
export class JsonProducer {
  private readonly producer: Producer;
  private readonly sendTimeoutMs: number;
  private connected = false;
  private lastOkAt = 0;
  private lastFailedAt = 0;
  private probe?: { at: number; result: Promise<boolean> };
  private admin?: Admin;

  constructor(
    private readonly kafka: Kafka,
    options: JsonProducerOptions = {},
  ) {
    this.sendTimeoutMs = options.sendTimeoutMs ?? MESSAGING_DEFAULTS.sendTimeoutMs;
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: options.idempotent ?? false,
      // Idempotent, a retried batch is written once, so retries may fill the send budget and ride out
      // a partition leader moving to another broker (a few seconds); they still end before the caller's timeout.
      retry: { initialRetryTime: 100, maxRetryTime: 500, retries: options.idempotent ? Math.max(3, Math.floor((this.sendTimeoutMs - 1_000) / 500)) : 3 },
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * Whether a send would work now: the last send succeeded recently, or else a cheap metadata
   * request answers (at most one every producerProbeIntervalMs). For readiness checks.
   */
  async canSend(now = Date.now()): Promise<boolean> {
    if (!this.connected) return false;
    if (this.lastOkAt > this.lastFailedAt && now - this.lastOkAt < MESSAGING_DEFAULTS.producerProbeIntervalMs) return true;
    if (!this.probe || now - this.probe.at >= MESSAGING_DEFAULTS.producerProbeIntervalMs) {
      this.probe = { at: now, result: this.probeBroker() };
    }
    return this.probe.result;
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.sendMany([message]);
  }

  /**
   * Sends several messages, order kept per topic and key: in one request when their values total at
   * most MESSAGING_DEFAULTS.maxRequestBytes, else in several sent one after another (produce-requests.ts),
   * each bounded by the send timeout. A failure leaves the requests after it unsent.
   */
  async sendMany(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const encoded = messages.map((m) => ({
      topic: m.topic,
      key: m.key,
      value: typeof m.value === 'string' || Buffer.isBuffer(m.value) ? m.value : JSON.stringify(m.value),
      headers: m.correlationId ? { [CORRELATION_HEADER]: m.correlationId } : undefined,
    }));
    for (const request of produceRequests(encoded, MESSAGING_DEFAULTS.maxRequestBytes)) {
      const count = [...request.values()].reduce((n, list) => n + list.length, 0);
      const sending = this.producer.sendBatch({
        acks: -1,
        timeout: this.sendTimeoutMs,
        topicMessages: [...request].map(([topic, list]) => ({ topic, messages: list.map(({ key, value, headers }) => ({ key, value, headers })) })),
      });
      try {
        await withTimeout(sending, this.sendTimeoutMs, `sending ${count} message(s) to ${describeTopics([...request.keys()])}`);
        this.lastOkAt = Date.now();
      } catch (err) {
        this.lastFailedAt = Date.now();
        throw err;
      }
    }
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await Promise.all([this.producer.disconnect(), this.admin?.disconnect()]);
  }

  private async probeBroker(): Promise<boolean> {
    try {
      this.admin ??= this.kafka.admin();
      await withTimeout(
        this.admin.connect().then(() => this.admin!.describeCluster()),
        this.sendTimeoutMs,
        'probing the Kafka broker',
      );
      return true;
    } catch {
      return false;
    }
  }
}

/** A request's topics for an error message: a stage's thousand command topics are not listed one by one. */
const describeTopics = (topics: string[]) => listSome(topics, 3, 'topics');
