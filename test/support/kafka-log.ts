import type { Kafka } from 'kafkajs';
import { waitFor } from '@lightpath/testing';
import { uniqueName } from './unique';

export interface LoggedMessage {
  topic: string;
  key: string;
  value: Record<string, unknown>;
}

/**
 * Everything on the given topics up to their current end, read by a consumer group of its own:
 * what was really written to the log (a duplicate a retry left behind shows up here twice).
 */
export async function readTopics(kafka: Kafka, topics: string[], timeoutMs = 60_000): Promise<LoggedMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let wanted = 0;
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) wanted += Number(p.high) - Number(p.low);
    }
  } finally {
    await admin.disconnect();
  }
  const seen: LoggedMessage[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('log-reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) =>
        void seen.push({ topic, key: String(message.key ?? ''), value: JSON.parse(String(message.value)) as Record<string, unknown> }),
    });
    await waitFor(`all ${wanted} messages of ${topics.join(', ')} (read ${seen.length})`, () => seen.length >= wanted, { timeoutMs, intervalMs: 100 });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
