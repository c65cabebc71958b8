/**
 * Which Kafka failures are worth another try. kafkajs marks protocol errors `retriable`, but some
 * that only mean "the cluster is still settling" reach us as non-retriable: metadata for a topic
 * created a moment earlier (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE) during start-up, and
 * "Failed to find group coordinator" after a broker restart (KafkaJSGroupCoordinatorNotFound,
 * which kafkajs does not restart the consumer for). Retrying those with a bound is the fix; giving up
 * on them is what left consumers dead (issue 7, items 1 and 2).
 */

/** Protocol error types that a broker answers while topics, leaders or coordinators are settling. */
const SETTLING_TYPES = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_COORDINATOR',
  'GROUP_LOAD_IN_PROGRESS',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'REBALANCE_IN_PROGRESS',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
]);

/** kafkajs error classes (by name) that mean the broker is away or busy, never that we are wrong. */
const TRANSIENT_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSLockTimeout',
]);

interface KafkaLikeError {
  name?: string;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
}

/** The chain of causes kafkajs wraps errors in (retriers wrap the last error as `cause` or `originalError`). */
function causes(err: unknown): KafkaLikeError[] {
  const chain: KafkaLikeError[] = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && chain.length < 10) {
    const e = current as KafkaLikeError;
    chain.push(e);
    current = e.cause ?? e.originalError;
  }
  return chain;
}

/** True when the error (or any cause it wraps) says the cluster is away or settling, so trying again may work. */
export function isTransientKafkaError(err: unknown): boolean {
  return causes(err).some(
    (e) => e.retriable === true || (e.type !== undefined && SETTLING_TYPES.has(e.type)) || (e.name !== undefined && TRANSIENT_NAMES.has(e.name)),
  );
}

/** One line for logs and API reasons: the error's own message plus the innermost cause's, when they differ. */
export function describeKafkaError(err: unknown): string {
  const chain = causes(err);
  const first = (chain[0] as Error | undefined)?.message ?? String(err);
  const last = (chain[chain.length - 1] as Error | undefined)?.message;
  return last && last !== first ? `${first} (${last})` : first;
}
