import type { Admin, Kafka } from 'kafkajs';
import { retryWithBackoff } from '@lightpath/observability';
import { describeKafkaError, isTransientKafkaError } from './kafka-errors';
import type { MessagingLogger } from './logger';
import { MESSAGING_DEFAULTS } from './messaging.constants';

/** Separates a group's stable name from its incarnation; not a character our topic prefixes or agent ids use. */
const SEPARATOR = '~';

export interface IncarnationGroup {
  groupId: string;
  /** Deletes the groups of earlier incarnations once their (dead) members have timed out; best effort. */
  retireOlder(logger: MessagingLogger): void;
}

/**
 * A consumer group per process incarnation (`<base>~<start time>`), for a consumer that is its
 * group's only member (an agent reading its own switches' topics). kafkajs 2.2.4 has no static
 * membership (groupInstanceId), so a process restarted after kill -9 would rejoin its old group and
 * wait out the dead member's session (issue 7, item 9). A fresh group has no one to wait for; it
 * starts from the offsets the latest earlier incarnation committed (copied before it joins), so
 * nothing is skipped and nothing is read twice that was committed. Commands that were read but not
 * committed arrive again, as after any restart, and the agent's command journal answers them
 * without applying them twice (I5).
 */
export async function incarnationGroup(kafka: Kafka, base: string, topics: string[], now = Date.now()): Promise<IncarnationGroup> {
  const groupId = `${base}${SEPARATOR}${now.toString(36).padStart(10, '0')}`;
  // On a broker that has just started, the group coordinator answers "loading" for a while: that is
  // the cluster settling, not a reason for an agent to die at start (issue 7, item 1).
  const earlier = await retryWithBackoff(() => adoptEarlier(kafka, base, groupId, topics), {
    initialMs: 200,
    maxMs: 2_000,
    deadlineMs: MESSAGING_DEFAULTS.consumerStartWaitMs,
    retriable: isTransientKafkaError,
  });
  return {
    groupId,
    retireOlder: (logger) => {
      if (earlier.length === 0) return;
      // The dead member leaves its group when its session expires; until then the group cannot be deleted.
      const timer = setTimeout(() => void retire(kafka, earlier, logger), MESSAGING_DEFAULTS.sessionTimeoutMs + 2_000);
      timer.unref();
    },
  };
}

/** The earlier incarnations of `base`, oldest first, after copying the newest ones' offsets to `groupId`. */
async function adoptEarlier(kafka: Kafka, base: string, groupId: string, topics: string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const earlier = groups
      .map((g) => g.groupId)
      .filter((id) => id === base || id.startsWith(`${base}${SEPARATOR}`))
      .sort(byIncarnation);
    await copyOffsets(admin, earlier.slice(-3).reverse(), groupId, topics);
    return earlier;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The stable name (a group from before incarnations) sorts first; incarnations by their start time. */
function byIncarnation(a: string, b: string): number {
  const at = (id: string) => (id.includes(SEPARATOR) ? id.slice(id.lastIndexOf(SEPARATOR) + 1) : '');
  return at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0;
}

/** Each partition's offset from the newest of `from` (newest first) that committed one. */
async function copyOffsets(admin: Admin, from: string[], to: string, topics: string[]): Promise<void> {
  const chosen = new Map<string, Map<number, string>>();
  for (const groupId of from) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      const forTopic = chosen.get(topic) ?? new Map<number, string>();
      for (const p of partitions) if (Number(p.offset) >= 0 && !forTopic.has(p.partition)) forTopic.set(p.partition, p.offset);
      chosen.set(topic, forTopic);
    }
  }
  for (const [topic, partitions] of chosen) {
    if (partitions.size > 0) await admin.setOffsets({ groupId: to, topic, partitions: [...partitions].map(([partition, offset]) => ({ partition, offset })) });
  }
}

async function retire(kafka: Kafka, groups: string[], logger: MessagingLogger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const results = await admin.deleteGroups(groups).catch((err: { groups?: { groupId: string; error?: unknown }[] }) => err.groups ?? []);
    const left = results.filter((r) => r.error).map((r) => r.groupId);
    if (left.length > 0) logger.warn({ groups: left }, 'earlier consumer groups not deleted yet (a member still alive?); they expire with their offsets');
  } catch (err) {
    logger.warn({ groups, error: describeKafkaError(err) }, 'could not delete earlier consumer groups; they expire with their offsets');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
