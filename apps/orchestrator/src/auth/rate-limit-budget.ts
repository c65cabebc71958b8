import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerOptions } from '@nestjs/throttler';
import type { OrchestratorConfig } from '../config/orchestrator.config';

/**
 * Two budgets per caller, each a sliding window of RATE_LIMIT_WINDOW_MS (docs/api.md, Rate limits):
 *
 * - reads (GET, HEAD): RATE_LIMIT_READ_REQUESTS. Polling an operation until it finishes is a read,
 *   a cheap one (one Redis GET), and callers poll in bursts; with a budget of its own, polling can
 *   never use up what the caller needs to change things.
 * - changes (every other method): RATE_LIMIT_REQUESTS, ten times smaller by default; a change claims
 *   ports, writes the audit log and sends commands.
 *
 * No block beyond the window (blockDuration 0): past the limit a request is refused only until the
 * oldest request of the window ages out, and Retry-After says when that is. (With the library's
 * default block of a whole window, a burst of polling locked a caller out for 10 s.)
 */
export type RateBucket = 'reads' | 'changes';

export function rateBucketOf(method: string): RateBucket {
  return method === 'GET' || method === 'HEAD' ? 'reads' : 'changes';
}

export function rateBucketOfContext(context: ExecutionContext): RateBucket {
  return rateBucketOf(context.switchToHttp().getRequest<{ method: string }>().method);
}

/**
 * The one throttler, unnamed ("default"): a named throttler suffixes its headers
 * (Retry-After-<name>), which clients do not read. Its limit depends on the request's bucket; the
 * guard keys the count by bucket too (PrincipalThrottlerGuard.generateKey).
 */
export function rateLimitThrottler(config: Pick<OrchestratorConfig, 'RATE_LIMIT_REQUESTS' | 'RATE_LIMIT_READ_REQUESTS' | 'RATE_LIMIT_WINDOW_MS'>): ThrottlerOptions {
  return {
    ttl: config.RATE_LIMIT_WINDOW_MS,
    blockDuration: 0,
    limit: (context) => (rateBucketOfContext(context) === 'reads' ? config.RATE_LIMIT_READ_REQUESTS : config.RATE_LIMIT_REQUESTS),
  };
}

/** The 429 message: what was exceeded, when to retry, and the way to follow operations without polling. */
export function rateLimitMessage(bucket: RateBucket, tracker: string, limit: number, ttlMs: number, retryAfterS: number): string {
  const what = bucket === 'reads' ? 'reads (GET)' : 'changes (POST, PUT, PATCH, DELETE)';
  const other = bucket === 'reads' ? 'changes' : 'reads';
  return (
    `${tracker} sent more than ${limit} ${what} in ${ttlMs} ms; retry after ${retryAfterS} s (Retry-After). ` +
    `${other[0].toUpperCase()}${other.slice(1)} have a budget of their own. To follow operations, watch GET /v1/events ` +
    '(server-sent events: one request for as long as it stays open) instead of polling GET /v1/operations/{id}'
  );
}
