/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter",
 * 2015): the n-th wait is uniform in [0, min(max, initial * 2^n)], so processes that failed together
 * (every agent after a broker restart) do not retry together.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Random source in [0, 1): injectable so tests are deterministic. */
  random?: () => number;
}

export function backoffDelay(attempt: number, { initialMs, maxMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  // Never below a tenth of the first step: a zero wait would hammer a broker that just said no.
  return Math.max(initialMs / 10, Math.floor(random() * ceiling));
}

export interface RetryOptions extends BackoffOptions {
  /** Give up once this much time has passed since the first attempt (the last error is thrown). */
  deadlineMs: number;
  /** Which errors are worth another try; others are thrown at once. */
  retriable: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, waitMs: number) => void;
  /** Stops retrying early (e.g. the process is shutting down). */
  cancelled?: () => boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `task` until it succeeds, fails with a non-retriable error, or the deadline passes. */
export async function retryWithBackoff<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (err) {
      const wait = backoffDelay(attempt, options);
      const outOfTime = now() + wait - started > options.deadlineMs;
      if (!options.retriable(err) || outOfTime || options.cancelled?.()) throw err;
      options.onRetry?.(err, attempt, wait);
      await sleep(wait);
    }
  }
}
