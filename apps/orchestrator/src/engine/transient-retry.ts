/**
 * The orchestrator's retry of transient infrastructure failures (Redis unavailable, a Kafka send
 * that failed): the one backoff of the project (libs/observability backoff.ts: capped exponential
 * with full jitter, so replicas retrying after the same Redis restart spread out), until an
 * absolute deadline; past it, or on any other error, the last error is thrown. Callers say what to
 * retry and until when.
 */
import { retryWithBackoff } from '@lightpath/observability';
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

export function retryTransient<T>(step: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const now = policy.now ?? Date.now;
  return retryWithBackoff(step, {
    initialMs: policy.baseMs ?? RETRY_BASE_MS,
    maxMs: policy.maxMs ?? RETRY_MAX_MS,
    random: policy.random,
    deadlineMs: policy.until - now(),
    retriable: policy.isTransient ?? isTransient,
    onRetry: (err, attempt, wait) => policy.beforeRetry?.(err, attempt + 1, wait),
    sleep: policy.sleep,
    now,
  });
}
