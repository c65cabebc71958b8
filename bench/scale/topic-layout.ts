import type { TopicRequest } from '@lightpath/messaging';

/** One way of carrying every switch's commands to the agents, as the topic-layout bench builds it. */
export interface CommandTopicLayout {
  name: 'per-switch' | 'partitioned';
  topics: TopicRequest[];
  /** Partitions over all the layout's topics: what the consumers must get assigned. */
  partitionCount: number;
  /** One consumer per agent: its group, its topics and how many partitions it works on at once. */
  subscriptions: { groupId: string; topics: string[]; concurrency: number }[];
  topicOf(switchId: string): string;
}

/**
 * The two layouts compared (docs/architecture.md, "Command topics"): one single-partition topic
 * per switch, each agent in its own group reading its own switches' topics (today), against one
 * topic of `partitions` partitions keyed by switch id, the agents sharing one group.
 */
export function commandTopicLayouts({ switches, agents, partitions, prefix }: { switches: string[]; agents: number; partitions: number; prefix: string }): CommandTopicLayout[] {
  if (agents < 1 || switches.length < agents) throw new Error(`commandTopicLayouts: need 1 <= agents <= switches (got ${agents} agents, ${switches.length} switches)`);
  const per = Math.ceil(switches.length / agents);
  const shares = Array.from({ length: agents }, (_, i) => switches.slice(i * per, (i + 1) * per)).filter((s) => s.length > 0);
  const perSwitch = (id: string) => `${prefix}.cmd.${id}`;
  const shared = `${prefix}.commands`;
  return [
    {
      name: 'per-switch',
      topics: switches.map((id) => ({ topic: perSwitch(id), partitions: 1 })),
      partitionCount: switches.length,
      subscriptions: shares.map((mine, i) => ({ groupId: `${prefix}-agent-${i}`, topics: mine.map(perSwitch), concurrency: mine.length })),
      topicOf: perSwitch,
    },
    {
      name: 'partitioned',
      topics: [{ topic: shared, partitions }],
      partitionCount: partitions,
      subscriptions: shares.map(() => ({ groupId: `${prefix}-agents`, topics: [shared], concurrency: Math.ceil(partitions / shares.length) })),
      topicOf: () => shared,
    },
  ];
}
