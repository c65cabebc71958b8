import { createKafka, ensureTopics, silentLogger } from '@lightpath/messaging';
import { createRedis } from '@lightpath/state';
import { type PrivateServer, portOpen, startPrivateKafka, startPrivateRedis } from '@lightpath/testing';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The servers that fault tests stop and kill: they must come back with their data (Redis from its AOF,
 * Kafka with its topics), a wipe must give a fresh one, and none of it may touch the shared servers.
 */
describe('private servers for fault tests', () => {
  const servers: PrivateServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose();
  });

  it('a private redis-server killed with SIGKILL restarts from its AOF with the data written before', async () => {
    const redis = await startPrivateRedis('pi-redis');
    servers.push(redis);
    const client = createRedis(redis.address, 'private-infra-test');
    try {
      await client.set('survives', 'yes');
      // appendfsync everysec: give the AOF its second before the crash.
      await new Promise((r) => setTimeout(r, 1_500));
      await redis.kill();
      expect(await portOpen(redis.port)).toBe(false);
      await redis.start();
      await expect(client.get('survives')).resolves.toBe('yes');
      await redis.wipe();
      await redis.start();
      await expect(client.get('survives')).resolves.toBeNull();
    } finally {
      client.disconnect();
    }
  }, 120_000);

  it('a private Kafka broker keeps its topics across kill -9 and a wiped one starts empty', async () => {
    const kafka = await startPrivateKafka('pi-kafka');
    servers.push(kafka);
    // A new client each time: this pins the server helper down, not how kafkajs survives a restart.
    const client = () => createKafka({ brokers: [kafka.address], clientId: 'private-infra-test', logger: silentLogger });
    const listTopics = async () => {
      const admin = client().admin();
      await admin.connect();
      try {
        return await admin.listTopics();
      } finally {
        await admin.disconnect();
      }
    };
    await ensureTopics(client(), [{ topic: 'pi.kept', partitions: 1 }]);
    await kafka.kill();
    expect(await portOpen(kafka.port)).toBe(false);
    await kafka.start();
    expect(await listTopics()).toContain('pi.kept');
    await kafka.wipe();
    await kafka.start();
    expect(await listTopics()).not.toContain('pi.kept');
  }, 300_000); // three JVM starts and a format: slow on a loaded 2-core machine
});
