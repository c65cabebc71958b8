import { DeadLetterSchema, SwitchCommandSchema, topicNames, type SwitchCommand } from '@lightpath/contracts';
import { createKafka, ensureTopics, JsonProducer, silentLogger, ValidatedConsumer } from '@lightpath/messaging';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';
import { waitFor } from '@lightpath/testing';

describe('ValidatedConsumer on a real Kafka broker', () => {
  let kafka: Kafka;
  let producer: JsonProducer;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: [inject('kafkaBrokers')], clientId: uniqueName('it'), logger: silentLogger });
    producer = new JsonProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await producer.disconnect();
  });

  it('hands valid messages to the handler, dead-letters an undecodable one, and carries on', async () => {
    const topics = topicNames(uniqueName('dlq'));
    const commandTopic = topics.commands('ocs-1');
    await ensureTopics(kafka, [
      { topic: commandTopic, partitions: 1 },
      { topic: topics.deadLetters, partitions: 1 },
    ]);
    const received: SwitchCommand[] = [];
    const consumer = new ValidatedConsumer(kafka, {
      groupId: uniqueName('g'),
      topics: [commandTopic],
      schema: SwitchCommandSchema,
      deadLetterTopic: topics.deadLetters,
      producer,
      logger: silentLogger,
      fromBeginning: true,
      handle: async (value) => {
        received.push(value);
      },
    });
    const letters: unknown[] = [];
    const dlqReader = kafka.consumer({ groupId: uniqueName('dlq-reader'), maxWaitTimeInMs: 100 });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: topics.deadLetters, fromBeginning: true });
    await dlqReader.run({ eachMessage: async ({ message }) => void letters.push(JSON.parse(String(message.value))) });
    stops.push(() => consumer.stop(), () => dlqReader.disconnect());
    await consumer.start();

    const command = (id: string) => ({
      type: 'snapshot-request',
      commandId: id,
      switchId: 'ocs-1',
      epoch: 1,
      issuedAt: Date.now(),
      deadline: Date.now() + 60_000,
    });
    await producer.send({ topic: commandTopic, key: 'ocs-1', value: command('first') });
    await producer.send({ topic: commandTopic, key: 'ocs-1', value: '{"type":"apply", truncated' });
    await producer.send({ topic: commandTopic, key: 'ocs-1', value: { type: 'apply', switchId: 'ocs-1' } });
    await producer.send({ topic: commandTopic, key: 'ocs-1', value: command('after') });

    await waitFor('both valid commands', () => received.length === 2);
    expect(received.map((c) => c.commandId)).toEqual(['first', 'after']);
    await waitFor('two dead letters', () => letters.length === 2);
    const parsed = letters.map((l) => DeadLetterSchema.parse(l));
    expect(parsed[0].error).toMatch(/^undecodable: not JSON/);
    expect(parsed[0].payload).toBe('{"type":"apply", truncated');
    expect(parsed[1].error).toMatch(/commandId/);
    expect(parsed.every((l) => l.sourceTopic === commandTopic)).toBe(true);
  });
});
