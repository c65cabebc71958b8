/**
 * Kafka topic names, built in one place (house rule 5).
 *
 * Commands go to one single-partition topic per switch: ordering per switch is what the switch
 * needs, and an agent subscribes to exactly its own switches' topics, so at thousands of switches
 * no agent reads and drops everyone else's commands. Events from every agent share one
 * multi-partition topic keyed by switch id, consumed by the orchestrator.
 */
export const DEFAULT_TOPIC_PREFIX = 'lightpath';

export interface TopicNames {
  commands(switchId: string): string;
  events: string;
  deadLetters: string;
}

/** Kafka topic names allow [a-zA-Z0-9._-]; switch ids are validated against the same alphabet. */
export const SWITCH_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/;

export function topicNames(prefix: string = DEFAULT_TOPIC_PREFIX): TopicNames {
  return {
    commands: (switchId: string) => `${prefix}.cmd.${switchId}`,
    events: `${prefix}.events`,
    deadLetters: `${prefix}.dlq`,
  };
}
