/** Defaults for the Kafka plumbing, in one place (house rule 5). */
export const MESSAGING_DEFAULTS = {
  /** Partitions of the shared events topic: keyed by switch id, so one switch's events stay in order. */
  eventsPartitions: 6,
  deadLetterPartitions: 1,
  /** Commands: one partition per switch topic (ordering per switch is all that matters). */
  commandPartitions: 1,
  /** kafkajs' default (30 s) makes a crashed agent's partitions wait that long to be reassigned. */
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
  /** Long-poll wait: the broker answers as soon as one byte is there, so this bounds only idle fetches. */
  maxWaitTimeInMs: 100,
  partitionsConsumedConcurrently: 3,
} as const;

/** Message header that carries the correlation id through every hop (our own, not Nest's reply topics). */
export const CORRELATION_HEADER = 'x-correlation-id';
