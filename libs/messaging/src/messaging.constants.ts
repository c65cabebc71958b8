/** Defaults for the Kafka plumbing, in one place (house rule 5). */
export const MESSAGING_DEFAULTS = {
  /** Partitions of the shared events topic: keyed by switch id, so one switch's events stay in order. */
  eventsPartitions: 6,
  deadLetterPartitions: 1,
  /** Commands: one partition per switch topic (ordering per switch is all that matters). */
  commandPartitions: 1,
  /**
   * How long a dead member holds its partitions before the group gives them to its successor.
   * 6 s is the broker's smallest allowed value (group.min.session.timeout.ms) and kafkajs 2.2.4 has
   * no static membership (groupInstanceId), so this bounds how long a kill -9 restarted agent waits.
   */
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 1_000,
  /** Long-poll wait: the broker answers as soon as one byte is there, so this bounds only idle fetches. */
  maxWaitTimeInMs: 100,
  partitionsConsumedConcurrently: 3,
  /**
   * How old a consumer's cluster metadata may get. When a partition's leader dies, kafkajs 2.2.4
   * keeps fetching from the dead broker (connection refused is not one of the errors it refreshes
   * metadata on) until the metadata ages out: 5 minutes by default, so an agent missed every command
   * of a switch whose partition moved (issue 12, three-broker layout). At this age the fetchers are
   * rebuilt for the new leaders within seconds; the cost is one metadata request per consumer this often.
   */
  consumerMetadataMaxAgeMs: 3_000,
  /** ensureTopics: how long to wait for every partition of fresh topics to get a leader. */
  topicLeaderWaitMs: 30_000,
  /** Starting a consumer on a cluster that is still settling: retry for this long before giving up. */
  consumerStartWaitMs: 60_000,
  /** Restarting a crashed consumer: backoff between attempts (it never gives up while the process lives). */
  consumerRestartInitialMs: 250,
  consumerRestartMaxMs: 5_000,
  /**
   * A consumer counts as consuming while kafkajs reports fetches or heartbeats at least this often.
   * Fetches return within maxWaitTimeInMs and heartbeats go every heartbeatIntervalMs, so silence
   * this long means the broker is away (a fetch retrying) or the consumer is stuck.
   */
  consumerActivityWindowMs: 5_000,
  /** A send that has not been acknowledged by then fails: callers answer 503 instead of hanging. */
  sendTimeoutMs: 2_000,
  /**
   * Most bytes of message values in one produce request (JsonProducer.sendMany splits above it):
   * the broker's default max.message.bytes, and small enough to be answered well within
   * sendTimeoutMs on a loaded machine, where a 10 MB request for 1,000 switches was not.
   */
  maxRequestBytes: 1_048_576,
  /** Readiness probes the broker at most this often when no send succeeded lately. */
  producerProbeIntervalMs: 2_000,
} as const;

/** Message header that carries the correlation id through every hop (our own, not Nest's reply topics). */
export const CORRELATION_HEADER = 'x-correlation-id';
