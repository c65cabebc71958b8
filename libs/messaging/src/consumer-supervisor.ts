import type { Consumer, ConsumerCrashEvent, EachMessagePayload, Kafka } from 'kafkajs';
import { retryWithBackoff } from '@lightpath/observability';
import { ConsumerActivity, type ConsumerStatus } from './consumer-activity';
import { describeKafkaError, isTransientKafkaError } from './kafka-errors';
import type { MessagingLogger } from './logger';
import { MESSAGING_DEFAULTS } from './messaging.constants';

export interface ConsumerSupervisorOptions {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  partitionsConsumedConcurrently: number;
  eachMessage: (payload: EachMessagePayload) => Promise<void>;
  logger: MessagingLogger;
  /** Overrides for tests; production uses MESSAGING_DEFAULTS. */
  timing?: Partial<SupervisorTiming>;
}

export interface SupervisorTiming {
  startWaitMs: number;
  restartInitialMs: number;
  restartMaxMs: number;
  activityWindowMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  stuckFactor: number;
  orphanGraceMs: number;
}

const SUPERVISOR_TIMING: SupervisorTiming = {
  startWaitMs: MESSAGING_DEFAULTS.consumerStartWaitMs,
  restartInitialMs: MESSAGING_DEFAULTS.consumerRestartInitialMs,
  restartMaxMs: MESSAGING_DEFAULTS.consumerRestartMaxMs,
  activityWindowMs: MESSAGING_DEFAULTS.consumerActivityWindowMs,
  sessionTimeoutMs: MESSAGING_DEFAULTS.sessionTimeoutMs,
  heartbeatIntervalMs: MESSAGING_DEFAULTS.heartbeatIntervalMs,
  /** Joined but silent this many activity windows: restart it (kafkajs would have crashed by now if it could). */
  stuckFactor: 4,
  /** After a disconnect nobody asked for, how long to wait for the CRASH event that normally explains it. */
  orphanGraceMs: 2_000,
};

/**
 * Keeps one kafkajs consumer alive for the life of the process. kafkajs restarts a crashed consumer
 * only when it deems the error retriable; after a broker restart it may crash with "Failed to find
 * group coordinator", which it does not restart, and the consumer then stays dead while the process
 * looks healthy (issue 7, item 2). The supervisor listens for CRASH, STOP and DISCONNECT, replaces a
 * consumer kafkajs gave up on with a fresh one (backoff with jitter, never giving up while the
 * process lives), restarts one that joined and then went silent, and reports whether it is consuming
 * right now (ConsumerActivity). Starting is retried too: on a freshly formatted broker, metadata for
 * a topic created a moment ago may not show its leader yet (item 1).
 */
export class ConsumerSupervisor {
  private readonly timing: SupervisorTiming;
  private readonly activity: ConsumerActivity;
  private consumer?: Consumer;
  private stopping = false;
  /** A start or restart in progress: crash events then belong to it, not to a new restart. */
  private busy = false;
  private restarting?: Promise<void>;
  private watchdog?: NodeJS.Timeout;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ConsumerSupervisorOptions,
  ) {
    this.timing = { ...SUPERVISOR_TIMING, ...options.timing };
    this.activity = new ConsumerActivity(this.timing.activityWindowMs);
  }

  status(): ConsumerStatus {
    return this.activity.status();
  }

  /** Resolves once the consumer has joined its group; retries while the cluster is settling. */
  async start(): Promise<void> {
    this.stopping = false;
    await this.attempt(() => this.startOnce(), this.timing.startWaitMs, isTransientKafkaError);
    this.watchdog = setInterval(() => this.checkStuck(), this.timing.activityWindowMs);
    this.watchdog.unref();
  }

  /** Leaves the group (so a successor gets the partitions at once) and stops for good. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watchdog);
    await this.restarting?.catch(() => undefined);
    const consumer = this.consumer;
    this.consumer = undefined;
    this.activity.stopped('stopped');
    await consumer?.disconnect();
  }

  private attempt(task: () => Promise<void>, deadlineMs: number, retriable: (err: unknown) => boolean): Promise<void> {
    return retryWithBackoff(task, {
      initialMs: this.timing.restartInitialMs,
      maxMs: this.timing.restartMaxMs,
      deadlineMs,
      retriable,
      cancelled: () => this.stopping,
      onRetry: (err, attempt, waitMs) =>
        this.options.logger.warn({ groupId: this.options.groupId, attempt, waitMs, error: describeKafkaError(err) }, 'kafka consumer could not start yet; retrying'),
    });
  }

  /**
   * kafkajs heartbeats only between messages; a handler busy longer than the session timeout (a
   * slow switch) would be thrown out of its group and its partition handed on mid-command. So the
   * group hears from us while a handler runs (kafkajs throttles these to its heartbeat interval).
   */
  private async handle(payload: EachMessagePayload): Promise<void> {
    this.activity.handlingStarted();
    const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), this.timing.heartbeatIntervalMs);
    try {
      await this.options.eachMessage(payload);
    } finally {
      clearInterval(beat);
      this.activity.handlingEnded();
    }
  }

  private async startOnce(): Promise<void> {
    this.busy = true;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.timing.sessionTimeoutMs,
      heartbeatInterval: this.timing.heartbeatIntervalMs,
      maxWaitTimeInMs: MESSAGING_DEFAULTS.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    this.activity.starting();
    const offs: (() => void)[] = [];
    const joined = new Promise<void>((resolve, reject) => {
      offs.push(consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      offs.push(consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error)));
    });
    this.watch(consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning });
      await consumer.run({ partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently, eachMessage: (payload) => this.handle(payload) });
      await joined;
    } catch (err) {
      this.activity.crashed(describeKafkaError(err));
      if (this.consumer === consumer) this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw err;
    } finally {
      offs.forEach((off) => off());
      this.busy = false;
    }
  }

  private watch(consumer: Consumer): void {
    const mine = () => this.consumer === consumer && !this.stopping;
    const { events } = consumer;
    consumer.on(events.GROUP_JOIN, () => {
      if (!mine()) return;
      const recovered = this.activity.status().phase === 'crashed';
      this.activity.joined();
      if (recovered) this.options.logger.info({ groupId: this.options.groupId }, 'kafka consumer rejoined its group and is consuming again');
    });
    for (const event of [events.FETCH, events.FETCH_START, events.HEARTBEAT, events.START_BATCH_PROCESS, events.END_BATCH_PROCESS]) {
      consumer.on(event, () => mine() && this.activity.active());
    }
    consumer.on(events.CRASH, (event: ConsumerCrashEvent) => {
      if (!mine()) return;
      const reason = describeKafkaError(event.payload.error);
      this.activity.crashed(reason);
      if (this.busy) return;
      if (event.payload.restart) {
        this.options.logger.warn({ groupId: this.options.groupId, error: reason }, 'kafka consumer crashed; kafkajs restarts it');
      } else {
        this.restartSoon(`crashed and kafkajs will not restart it: ${reason}`);
      }
    });
    consumer.on(events.DISCONNECT, () => {
      if (!mine() || this.busy) return;
      this.activity.stopped('disconnected');
      // A crash disconnects first and reports CRASH right after; only a disconnect that no crash
      // explains (and that kafkajs will not undo) is ours to repair.
      setTimeout(() => {
        if (mine() && !this.busy && this.activity.status().phase === 'stopped') this.restartSoon('disconnected without a crash');
      }, this.timing.orphanGraceMs).unref();
    });
  }

  private checkStuck(): void {
    if (this.stopping || this.busy || this.restarting || !this.activity.isStuck(this.timing.stuckFactor)) return;
    this.restartSoon(`no fetch or heartbeat for ${this.activity.status().idleMs} ms`);
  }

  /** Replaces the consumer with a fresh one, retrying with backoff until it joins or the process stops. */
  private restartSoon(why: string): void {
    if (this.stopping || this.restarting) return;
    this.options.logger.warn({ groupId: this.options.groupId, why }, 'kafka consumer is down; restarting it');
    this.restarting = (async () => {
      const old = this.consumer;
      this.consumer = undefined;
      await old?.disconnect().catch(() => undefined);
      await this.attempt(() => this.startOnce(), Number.POSITIVE_INFINITY, () => true);
      this.activity.restarted();
      this.options.logger.info({ groupId: this.options.groupId, restarts: this.activity.status().restarts }, 'kafka consumer restarted');
    })()
      .catch((err: unknown) => {
        if (!this.stopping) this.options.logger.error({ groupId: this.options.groupId, error: describeKafkaError(err) }, 'kafka consumer restart gave up');
      })
      .finally(() => (this.restarting = undefined));
  }
}
