import { describe, expect, it } from 'vitest';
import { commandTopicLayouts } from './topic-layout';

const switches = Array.from({ length: 10 }, (_, i) => `ocs-${i}`);

describe('commandTopicLayouts', () => {
  const [perSwitch, partitioned] = commandTopicLayouts({ switches, agents: 3, partitions: 4, prefix: 'p' });

  it('per-switch: one single-partition topic per switch, each agent in its own group reading only its switches', () => {
    expect(perSwitch.topics).toHaveLength(10);
    expect(perSwitch.topics.every((t) => t.partitions === 1)).toBe(true);
    expect(perSwitch.subscriptions.map((s) => s.topics.length)).toEqual([4, 4, 2]);
    expect(new Set(perSwitch.subscriptions.map((s) => s.groupId)).size).toBe(3);
    expect(perSwitch.topicOf('ocs-7')).toBe('p.cmd.ocs-7');
  });

  it('partitioned: one topic of the given partitions, every agent in one shared group', () => {
    expect(partitioned.topics).toEqual([{ topic: 'p.commands', partitions: 4 }]);
    expect(partitioned.partitionCount).toBe(4);
    expect(new Set(partitioned.subscriptions.map((s) => s.groupId))).toEqual(new Set(['p-agents']));
    expect(partitioned.topicOf('ocs-7')).toBe('p.commands');
  });

  it('refuses more agents than switches', () => {
    expect(() => commandTopicLayouts({ switches: ['a'], agents: 2, partitions: 1, prefix: 'p' })).toThrow(/agents <= switches/);
  });
});
