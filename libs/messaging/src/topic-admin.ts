import type { Kafka } from 'kafkajs';

export interface TopicRequest {
  topic: string;
  partitions: number;
}

/**
 * Creates the topics that do not exist yet and waits for their leaders. Idempotent and safe to race:
 * two agents creating the same topic both succeed. Auto-creation is off on our brokers on purpose,
 * so a typo in a topic name fails loudly instead of creating a topic nobody reads.
 */
export async function ensureTopics(kafka: Kafka, requests: TopicRequest[]): Promise<void> {
  if (requests.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = requests.filter((r) => !existing.has(r.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((r) => ({ topic: r.topic, numPartitions: r.partitions })),
      });
    } catch (err) {
      // TOPIC_ALREADY_EXISTS from a concurrent creator is success for us.
      if (!String((err as Error).message).includes('already exists')) throw err;
    }
  } finally {
    await admin.disconnect();
  }
}
