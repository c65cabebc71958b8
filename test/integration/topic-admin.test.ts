import { createKafka, ensureTopics, silentLogger } from '@lightpath/messaging';
import { describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/unique';

describe('ensureTopics on a real Kafka broker', () => {
  it('succeeds for every one of several processes racing to create the same topics', async () => {
    const prefix = uniqueName('race');
    const topics = [`${prefix}.events`, `${prefix}.dlq`, `${prefix}.cmd.ocs-1`].map((topic) => ({ topic, partitions: 2 }));
    const clients = Array.from({ length: 4 }, (_, i) => createKafka({ brokers: [inject('kafkaBrokers')], clientId: `${prefix}-${i}`, logger: silentLogger }));
    await expect(Promise.all(clients.map((k) => ensureTopics(k, topics)))).resolves.toHaveLength(4);
    const admin = clients[0].admin();
    await admin.connect();
    try {
      const listed = new Set(await admin.listTopics());
      expect(topics.every((t) => listed.has(t.topic))).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });
});
