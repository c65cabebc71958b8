import type { Admin, Kafka } from 'kafkajs';
import { retryWithBackoff } from '@lightpath/observability';
import { isTransientKafkaError } from './kafka-errors';
import { MESSAGING_DEFAULTS } from './messaging.constants';

export interface TopicRequest {
  topic: string;
  partitions: number;
}

/** Thrown when topics exist (or were created) but a partition still has no leader after the wait. */
export class TopicsNotReadyError extends Error {
  readonly retriable = true;
  constructor(readonly topics: string[]) {
    super(`messaging/ensureTopics: no leader yet for every partition of ${topics.join(', ')}; the broker is still settling`);
    this.name = 'TopicsNotReadyError';
  }
}

/**
 * Creates the topics that do not exist yet, then waits until metadata shows a leader for every
 * partition of every requested topic, whoever created it. Idempotent and safe to race: two agents
 * creating the same topic both succeed. The wait covers topics that already existed too: a topic
 * another process created a moment ago is listed before its leader is known, and producing to or
 * subscribing to it then fails with "This server does not host this topic-partition" (issue 7,
 * item 1). Auto-creation is off on our brokers on purpose, so a typo in a topic name fails loudly
 * instead of creating a topic nobody reads.
 */
export async function ensureTopics(kafka: Kafka, requests: TopicRequest[], waitMs: number = MESSAGING_DEFAULTS.topicLeaderWaitMs): Promise<void> {
  if (requests.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = requests.filter((r) => !existing.has(r.topic));
    let createError: unknown;
    if (missing.length > 0) {
      await admin
        .createTopics({ waitForLeaders: true, topics: missing.map((r) => ({ topic: r.topic, numPartitions: r.partitions })) })
        // Processes starting together race to create the shared topics: kafkajs reports the loser's
        // TOPIC_ALREADY_EXISTS as "Topic creation errors", or fails waiting for leaders of topics
        // another process is still creating. Either way the leader wait below decides; its failure
        // reports the creation error, which says more than "no leader".
        .catch((err: unknown) => (createError = err));
    }
    await awaitLeaders(admin, requests.map((r) => r.topic), waitMs).catch((err: unknown) => {
      throw createError ?? err;
    });
  } finally {
    await admin.disconnect();
  }
}

async function awaitLeaders(admin: Admin, topics: string[], waitMs: number): Promise<void> {
  await retryWithBackoff(
    async () => {
      const existing = new Set(await admin.listTopics());
      if (!topics.every((t) => existing.has(t))) throw new TopicsNotReadyError(topics.filter((t) => !existing.has(t)));
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const leaderless = meta.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0)).map((t) => t.name);
      if (leaderless.length > 0) throw new TopicsNotReadyError(leaderless);
    },
    { initialMs: 50, maxMs: 1_000, deadlineMs: waitMs, retriable: isTransientKafkaError },
  );
}
