/** Thrown when a Kafka call is not done within its bound; `retriable` because the broker may be back soon. */
export class KafkaTimeoutError extends Error {
  readonly retriable = true;
  constructor(what: string, readonly timeoutMs: number) {
    super(`${what} did not complete within ${timeoutMs} ms: the Kafka broker is unreachable or overloaded`);
    this.name = 'KafkaTimeoutError';
  }
}

/**
 * Settles with `work` or rejects with KafkaTimeoutError after `timeoutMs`, whichever is first.
 * `work` keeps running (kafkajs has no cancellation); its late rejection is handled here, so it can
 * never surface as an unhandled rejection.
 *
 * The rejection waits for the event loop's next poll phase (setImmediate): after the loop was held
 * (a garbage collection of a large heap, a long plan), the overdue timer runs before the socket
 * data that arrived meanwhile, and a broker's answer already here was reported as a timeout. At
 * 1,000 switches every send of a fleet-wide stage "timed out" that way and the stage rolled back
 * (bench:scale, docs/benchmarks.md).
 */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new KafkaTimeoutError(what, timeoutMs))), timeoutMs);
    timer.unref();
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
