/**
 * kafkajs 2.2.4 recovers a consumer's fetch from stale leadership errors (NOT_LEADER..., a closed
 * connection, an unknown broker) by refreshing its metadata, but not from a *refused* connection:
 * when the broker leading a partition is killed, the next fetch to it fails with
 * KafkaJSConnectionError, the fetch loop throws, is retried a few times against the same dead
 * broker, and the consumer crashes. Its restart then rejoins the group, which waits for the old
 * member's session to expire; on a busy machine that took longer than a command's 40 s deadline
 * (test/ha/kafka-broker-kill.test.ts, issue 12) while the other two brokers were healthy all along.
 * The same gap is open upstream (tulios/kafkajs issue 1439, "Can KafkaJS failover when a broker is
 * down?").
 *
 * This treats a refused fetch like the errors kafkajs already recovers from: wait a moment (the
 * controller moves the partition to an in-sync replica within broker.session.timeout.ms), refresh
 * the metadata and fetch again, staying in the group. When no broker answers at all the metadata
 * refresh itself fails and the error goes up as before, so a single broker's outage still crashes
 * the consumer and the supervisor (consumer-supervisor.ts) brings it back.
 *
 * It patches one method of kafkajs' ConsumerGroup, the smallest change that closes the gap; it is
 * applied only to the exact version it was written against and says so when it is not.
 */

/** Long enough not to spin on a dead broker, short beside the leader move it waits for. */
export const REFUSED_FETCH_PAUSE_MS = 250;

interface ConsumerGroupShape {
  cluster: { refreshMetadata(): Promise<void> };
  logger: { warn(message: string, extra?: object): void };
  groupId: string;
  recoverFromFetch(e: unknown): Promise<void>;
}

type Recover = (this: ConsumerGroupShape, e: unknown) => Promise<void>;

const PATCHED_VERSION = '2.2.4';
const MARK = Symbol.for('lightpath.kafkajs.refusedFetchRecovery');

export type RecoveryInstallResult = 'installed' | 'already-installed' | `skipped: ${string}`;

/** Installs the recovery once per process; safe to call from every createKafka. */
export function installRefusedFetchRecovery(): RecoveryInstallResult {
  // kafkajs is CommonJS and has no exports map, so its internal module resolves like any file.
  const version = (require('kafkajs/package.json') as { version: string }).version;
  if (version !== PATCHED_VERSION) return `skipped: kafkajs ${version} is not ${PATCHED_VERSION}; check whether it still needs this`;
  const proto = (require('kafkajs/src/consumer/consumerGroup') as { prototype: Record<string | symbol, unknown> }).prototype;
  if (proto[MARK]) return 'already-installed';
  const original = proto.recoverFromFetch as Recover | undefined;
  if (typeof original !== 'function') return 'skipped: ConsumerGroup.recoverFromFetch not found';
  proto.recoverFromFetch = recoverRefusedFetch(original);
  proto[MARK] = true;
  return 'installed';
}

/** The wrapped method, exported for its unit test. */
export function recoverRefusedFetch(original: Recover, pauseMs = REFUSED_FETCH_PAUSE_MS): Recover {
  return async function (this: ConsumerGroupShape, e: unknown): Promise<void> {
    if (!isRefusedConnection(e)) return original.call(this, e);
    this.logger.warn('Fetch from a broker failed to connect; refreshing metadata to find the partition leaders again', {
      groupId: this.groupId,
      error: (e as Error).message,
    });
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    await this.cluster.refreshMetadata();
  };
}

/** Exactly the refused or failed connect (a closed connection already has its own recovery). */
export function isRefusedConnection(e: unknown): boolean {
  return e instanceof Error && e.name === 'KafkaJSConnectionError';
}
