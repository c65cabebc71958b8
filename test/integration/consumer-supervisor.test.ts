import { ConsumerSupervisor, createKafka, ensureTopics, JsonProducer, silentLogger, type ConsumerStatus } from '@lightpath/messaging';
import { waitFor } from '@lightpath/testing';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

/** Fast windows so the test does not wait out production ones; the logic is the same. */
const timing = { restartInitialMs: 50, restartMaxMs: 500, activityWindowMs: 3_000, orphanGraceMs: 500 };

describe('ConsumerSupervisor on a real Kafka broker (issue 7, items 1 and 2)', () => {
  let kafka: Kafka;
  let producer: JsonProducer;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: [inject('kafkaBrokers')], clientId: uniqueName('sup'), logger: silentLogger });
    producer = new JsonProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await producer.disconnect();
  });

  it('replaces a consumer kafkajs will not restart (a non-retriable crash), reports it down meanwhile, and consumes again', async () => {
    const topic = uniqueName('crash');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const received: string[] = [];
    let crashed = false;
    const supervisor = new ConsumerSupervisor(kafka, {
      groupId: uniqueName('g'),
      topics: [topic],
      fromBeginning: true,
      partitionsConsumedConcurrently: 1,
      logger: silentLogger,
      timing,
      eachMessage: async ({ message }) => {
        if (!crashed) {
          crashed = true;
          // retriable: false makes kafkajs crash the consumer with restart: false, as it does for
          // "Failed to find group coordinator" after a broker restart.
          throw Object.assign(new Error('non-retriable failure'), { retriable: false });
        }
        received.push(String(message.value));
      },
    });
    stops.push(() => supervisor.stop());
    await supervisor.start();
    expect(supervisor.status().consuming).toBe(true);

    const seen: ConsumerStatus[] = [];
    const sampler = setInterval(() => seen.push(supervisor.status()), 5);
    await producer.send({ topic, key: 'k', value: 'first' });
    await waitFor('the message, handled by the replacement consumer', () => received.includes('"first"') || received.includes('first'), { timeoutMs: 45_000 });
    clearInterval(sampler);

    expect(seen.some((s) => !s.consuming && s.phase !== 'joined')).toBe(true);
    await waitFor('consuming again', () => supervisor.status().consuming);
    expect(supervisor.status()).toMatchObject({ consuming: true, phase: 'joined', restarts: 1, lastError: expect.stringContaining('non-retriable failure') });

    await producer.send({ topic, key: 'k', value: 'second' });
    await waitFor('a later message', () => received.length === 2, { timeoutMs: 30_000 });
  });

  it('start waits for a topic that does not exist yet instead of dying (metadata without a leader)', async () => {
    const topic = uniqueName('late');
    const received: string[] = [];
    const supervisor = new ConsumerSupervisor(kafka, {
      groupId: uniqueName('g'),
      topics: [topic],
      fromBeginning: true,
      partitionsConsumedConcurrently: 1,
      logger: silentLogger,
      timing,
      eachMessage: async ({ message }) => void received.push(String(message.value)),
    });
    stops.push(() => supervisor.stop());
    const started = supervisor.start();
    // Subscribing to it now fails with UNKNOWN_TOPIC_OR_PARTITION, as a topic created a moment ago does.
    await new Promise((r) => setTimeout(r, 1_000));
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    await started;
    expect(supervisor.status().consuming).toBe(true);
    await producer.send({ topic, key: 'k', value: 'hello' });
    await waitFor('the message', () => received.length === 1, { timeoutMs: 30_000 });
  });

  it('stop leaves the group and says not consuming', async () => {
    const topic = uniqueName('stop');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    const groupId = uniqueName('g');
    const supervisor = new ConsumerSupervisor(kafka, { groupId, topics: [topic], fromBeginning: true, partitionsConsumedConcurrently: 1, logger: silentLogger, timing, eachMessage: async () => undefined });
    await supervisor.start();
    await supervisor.stop();
    expect(supervisor.status()).toMatchObject({ consuming: false, phase: 'stopped' });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [group] = (await admin.describeGroups([groupId])).groups;
      expect(group.members).toEqual([]);
    } finally {
      await admin.disconnect();
    }
  });
});
