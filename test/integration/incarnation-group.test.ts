import { createKafka, ensureTopics, incarnationGroup, JsonProducer, silentLogger, ValidatedConsumer } from '@lightpath/messaging';
import { waitFor } from '@lightpath/testing';
import type { Kafka } from 'kafkajs';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

describe('incarnationGroup on a real Kafka broker (issue 7, item 9)', () => {
  let kafka: Kafka;
  let producer: JsonProducer;

  beforeAll(async () => {
    kafka = createKafka({ brokers: [inject('kafkaBrokers')], clientId: uniqueName('inc'), logger: silentLogger });
    producer = new JsonProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
  });

  it('a new incarnation gets a group of its own that starts where the previous one committed', async () => {
    const topic = uniqueName('inc');
    const deadLetters = uniqueName('inc-dlq');
    await ensureTopics(kafka, [{ topic, partitions: 1 }, { topic: deadLetters, partitions: 1 }]);
    const base = uniqueName('agent');
    const schema = z.object({ type: z.string(), n: z.number() });
    const consume = async (groupId: string, into: number[]) => {
      const consumer = new ValidatedConsumer(kafka, { groupId, topics: [topic], schema, deadLetterTopic: deadLetters, producer, logger: silentLogger, fromBeginning: true, handle: async (v) => void into.push(v.n) });
      await consumer.start();
      return consumer;
    };
    const send = (n: number) => producer.send({ topic, key: 'k', value: { type: 'x', n } });

    const first = await incarnationGroup(kafka, base, [topic], 1_000);
    const seenByFirst: number[] = [];
    const a = await consume(first.groupId, seenByFirst);
    for (const n of [1, 2, 3]) await send(n);
    await waitFor('the first incarnation to read 1..3', () => seenByFirst.length === 3);
    await a.stop();

    for (const n of [4, 5]) await send(n);
    const second = await incarnationGroup(kafka, base, [topic], 2_000);
    expect(second.groupId).not.toBe(first.groupId);
    expect(second.groupId.startsWith(`${base}~`)).toBe(true);
    const seenBySecond: number[] = [];
    const b = await consume(second.groupId, seenBySecond);
    try {
      await waitFor('the second incarnation to read what came after', () => seenBySecond.length === 2);
      expect(seenBySecond).toEqual([4, 5]);
    } finally {
      await b.stop();
    }
  });
});
