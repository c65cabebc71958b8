/**
 * Retry with capped exponential backoff and full jitter (delay drawn uniformly from
 * [0, min(maxMs, baseMs * 2^attempt)]; "Exponential Backoff And Jitter", AWS Architecture Blog,
 * 2015): replicas retrying after the same Redis restart spread out instead of arriving together.
 *
 * Only transient infrastructure failures are retried (Redis unavailable, a Kafka send that failed),
 * and only until a deadline: past it, or on any other error, the last error is thrown. House rule 7:
 * the policy lives here once, callers say what to retry and until when.
 */
import { isStateUnavailable } from '@lightpath/state';

/** A failure of infrastructure outside the request's control that the same step may get past later. */
export class TransientInfraError extends Error {
  override readonly name = 'TransientInfraError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isTransient(err: unknown): boolean {
  return isStateUnavailable(err) || err instanceof TransientInfraError;
}

export interface RetryPolicy {
  /** Epoch ms after which no new attempt starts. */
  until: number;
  baseMs?: number;
  maxMs?: number;
  isTransient?: (err: unknown) => boolean;
  /** Called before each retry: may throw to stop (e.g. this replica lost leadership). */
  beforeRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** First retry within 100 ms, later ones up to 2 s apart: a Redis restart takes a second or two. */
export const RETRY_BASE_MS = 100;
export const RETRY_MAX_MS = 2_000;

export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}

export async function retryTransient<T>(step: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const transient = policy.isTransient ?? isTransient;
  for (let attempt = 0; ; attempt++) {
    try {
      return await step(attempt);
    } catch (err) {
      const delay = backoffDelay(attempt, policy.baseMs ?? RETRY_BASE_MS, policy.maxMs ?? RETRY_MAX_MS, policy.random);
      if (!transient(err) || now() + delay > policy.until) throw err;
      policy.beforeRetry?.(err, attempt + 1, delay);
      await sleep(delay);
    }
  }
}
