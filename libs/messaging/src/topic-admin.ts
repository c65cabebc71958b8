import type { Admin, Kafka } from 'kafkajs';

/** How long a loser of a creation race waits for the winner's topics to get leaders. */
const LEADER_WAIT_MS = 15_000;

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
      // Processes starting together race to create the shared topics: kafkajs reports the loser's
      // TOPIC_ALREADY_EXISTS as "Topic creation errors", or fails waiting for leaders of topics
      // another process is still creating. Success for us is every topic existing with a leader
      // for every partition, whoever created it.
      if (!(await leadersReady(admin, missing.map((r) => r.topic)))) throw err;
    }
  } finally {
    await admin.disconnect();
  }
}

async function leadersReady(admin: Admin, topics: string[]): Promise<boolean> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const existing = new Set(await admin.listTopics());
      if (topics.every((t) => existing.has(t))) {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics });
        if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return true;
      }
    } catch {
      // Metadata for a topic being created can fail transiently: look again.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
